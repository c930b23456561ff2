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

#endif
