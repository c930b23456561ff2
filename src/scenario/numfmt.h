/* SPDX-License-Identifier: MIT */
/* numfmt.h — internal: canonical text of a double, shared by the loader (numeric
 * attributes keep their canonical text) and the emitter (src/scenario/emit.c). */
#ifndef ENT_I_NUMFMT_H
#define ENT_I_NUMFMT_H

/* Writes the shortest decimal text that reads back (strtod) to exactly `v`: integral
 * values below 1e15 in magnitude as integers ("-0" for negative zero), otherwise the first of
 * %.15g, %.16g, %.17g that round-trips. NaN/Inf are written as "nan"/"inf" (callers refuse
 * them first). buf must hold ENT_I_NUMBUF bytes. Returns buf. */
#define ENT_I_NUMBUF 40
char *ent_i_fmt_double(char *buf, double v);

/* The range of every number a scenario holds (docs/format.md, "Numbers"): 0, or a magnitude
 * from 1e-16 to 1e16. The readers (YAML/JSON, every table importer, --capability-file) refuse
 * a number outside it, 1e400 and 1e-400 (which strtod turns into inf and 0) alike, and
 * ent_scenario_validate refuses a capability or scale bound above 1e16 from any source.
 * Why 1e16: it covers real data (a GDP in dollars, 3e13; a population, 1e10) and keeps the
 * models' arithmetic far from overflow: their worst products (a squared distance across a
 * scale, 4e32, times a capability, 1e16, summed over 1e6 actors, and squared once more in a
 * variance) stay below 1e110, against DBL_MAX ~ 1.8e308.
 * Why 1e-16: the smallest non-zero magnitude, so that a ratio of two numbers stays below 1e32
 * and sums and products of a few of them never underflow. */
#define ENT_I_NUM_MAX 1e16
#define ENT_I_NUM_MIN 1e-16
#define ENT_I_NUM_RANGE_TEXT "0 or a magnitude from 1e-16 to 1e16"
/* Whether the value strtod gave (with errno == ERANGE as `erange`) is in that range. */
int ent_i_num_in_range(double v, int erange);

#endif
