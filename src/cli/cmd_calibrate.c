/* SPDX-License-Identifier: MIT */
/* cmd_calibrate.c — `entente calibrate TABLE -o FILE [options]`: fit, out of sample, the
 * ensemble weights and split-conformal half-widths of the forecast models on a table with
 * outcomes and write them, with their provenance, as the calibration file that
 * `entente forecast SCENARIO --calibration FILE` reads (issue 17, item 4; docs/validation.md).
 * It is `validate TABLE --cv 10 --calibration-out FILE` with calibration defaults and options:
 * one parser and run, in cmd_validate.c (ent_cli_validate_run). Library: ent_crossval_run
 * (src/analysis/crossval.c); the file: ent_report_calibration (src/report/report_crossval.c).
 */
#include "cli/cli.h"

int ent_cmd_calibrate(int argc, char **argv) { return ent_cli_validate_run(argc, argv, 1); }
