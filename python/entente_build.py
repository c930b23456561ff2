# SPDX-License-Identifier: MIT
"""entente_build — the in-tree PEP 517 build backend of the Python package `entente`.

It compiles the cffi extension `entente._entente` (cffi API mode: the C compiler reads the
real headers, so struct layouts are never guessed) against the shared library libentente.so,
and writes a wheel by hand (zipfile), so that `pip install --no-build-isolation --no-index
./python` needs nothing beyond Debian's python3-cffi, python3-dev and a C compiler: no wheel
or setuptools from PyPI. (cffi's compile step uses the setuptools/distutils that Debian
ships.)

Where the library is found, first match wins:
  1. ENTENTE_INCLUDEDIR and ENTENTE_LIBDIR (environment);
  2. the checkout this folder sits in: ../include and ../build (after `make lib`);
  3. pkg-config entente (after `make install`).
The extension is linked with -lentente and an rpath to that library folder, so importing
needs no LD_LIBRARY_PATH. Cost: one C compile of the generated module (a few seconds).
"""
import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
NAME = "entente"

# The C declarations the package uses. "...;" lets the compiler fill in the rest of a
# struct from the real header (cffi API mode), so only the fields Python reads are named.
CDEF = r"""
typedef enum { ENT_OK, ENT_EINPUT, ENT_EINVAL, ENT_ELIMIT, ENT_ENOMEM, ENT_EIO,
               ENT_EINTERNAL, ENT_EINTR } ent_status_t;
typedef struct { ent_status_t status; char file[256]; int line; int col; char msg[768]; } ent_error_t;
typedef enum { ENT_OUTPUT_TEXT, ENT_OUTPUT_JSON, ENT_OUTPUT_CSV } ent_output_t;
typedef int (*ent_progress_fn)(void *user, const char *phase, double done, double total);
typedef struct { ent_progress_fn fn; void *user; } ent_progress_t;
typedef struct { char *data; size_t len; ...; } ent_buf_t;
void ent_buf_free(ent_buf_t *b);
void ent_free(void *p);
const char *ent_version(void);
int ent_version_number(void);
const char *ent_status_name(ent_status_t st);

typedef struct { char *id; ...; } ent_variant_t;
typedef struct { char *title; size_t nactors; size_t nissues; size_t nrules; char *load_report;
                 size_t nvariants; ent_variant_t *variants; ...; } ent_scenario_t;
typedef enum { ENT_FMT_AUTO, ENT_FMT_YAML, ENT_FMT_JSON, ... } ent_format_t;
typedef struct { ent_format_t format; int deu_skip_line; const char *deu_capability_row;
                 const char *capability_file; } ent_load_opts_t;
ent_status_t ent_format_parse(const char *name, ent_format_t *out);
void ent_load_opts_init(ent_load_opts_t *o);
void ent_scenario_init(ent_scenario_t *s);
void ent_scenario_destroy(ent_scenario_t *s);
ent_status_t ent_scenario_load(ent_scenario_t *s, const char *path, const ent_load_opts_t *opts,
                               ent_error_t *err);
ent_status_t ent_scenario_load_mem(ent_scenario_t *s, const char *name, const char *data, size_t len,
                                   const ent_load_opts_t *opts, ent_error_t *err);
ent_status_t ent_scenario_emit(const ent_scenario_t *s, ent_format_t format, char **out, size_t *len,
                               ent_error_t *err);
long ent_scenario_find_rule(const ent_scenario_t *s, const char *id);

typedef struct ent_game ent_game_t;
typedef struct { int line, col; } ent_loc_t;
ent_status_t ent_game_check_rules(const ent_scenario_t *s, ent_error_t *err);
ent_status_t ent_game_compile(const ent_scenario_t *s, const char *expr, const char *file,
                              ent_loc_t loc, ent_game_t **out, ent_error_t *err);
ent_status_t ent_game_from_rule(const ent_scenario_t *s, size_t rule_index, const char *file,
                                ent_game_t **out, ent_error_t *err);
ent_status_t ent_game_from_text(const char *text, ent_game_t **out, ent_error_t *err);
void ent_game_destroy(ent_game_t *g);
size_t ent_game_nplayers(const ent_game_t *g);
const char *ent_game_player_name(const ent_game_t *g, size_t k);

typedef enum { ENT_METHOD_AUTO, ENT_METHOD_ENUM, ENT_METHOD_DP, ENT_METHOD_MC, ENT_METHOD_TYPES, ENT_METHOD_PARTS } ent_power_method_t;
typedef struct { unsigned indices; int exact_strings; ent_power_method_t method; int approx;
                 int approx_on_refusal; uint64_t samples; uint64_t seed; double confidence;
                 double max_memory; double max_seconds; ent_progress_t progress; ...; } ent_power_opts_t;
typedef struct { size_t n; unsigned computed; double *value[...]; char **exact[...]; double *ci[...];
                 char **swings; char *winning; char *min_winning; double collective;
                 char *collective_exact; double collective_ci; unsigned char *veto;
                 unsigned char *dummy; int is_exact; ent_power_method_t method; char why[...];
                 uint64_t samples, seed; double confidence; ...; } ent_power_t;
size_t ent_power_index_count(void);
const char *ent_power_index_name(int i);
ent_status_t ent_power_index_parse(const char *list, unsigned *mask, ent_error_t *err);
const char *ent_power_method_name(ent_power_method_t m);
void ent_power_opts_init(ent_power_opts_t *o);
void ent_power_init(ent_power_t *p);
ent_status_t ent_game_power(const ent_game_t *g, const ent_power_opts_t *opts, ent_power_t *out,
                            ent_error_t *err);
void ent_power_destroy(ent_power_t *p);

typedef enum { ENT_FORECAST_STATIC, ENT_FORECAST_DYNAMIC } ent_forecast_kind_t;
typedef struct { const char *name; const char *help; ent_forecast_kind_t kind; int joint;
                 size_t min_issues; size_t default_max_issues; ...; } ent_forecast_model_t;
typedef struct { int rounds; double tol; int trace; const double *capability;
                 ent_progress_t progress; ...; } ent_forecast_opts_t;
typedef struct { char *model; char *variant; size_t nissues; double **outcome; char **why;
                 ...; } ent_forecast_t;
void ent_forecast_opts_init(ent_forecast_opts_t *o);
void ent_forecast_init(ent_forecast_t *f);
void ent_forecast_destroy(ent_forecast_t *f);
const ent_forecast_model_t *ent_forecast_model_at(size_t k);
const ent_forecast_model_t *ent_forecast_model_find(const char *name);
ent_status_t ent_forecast_run(const ent_scenario_t *s, const char *name, const ent_forecast_opts_t *o,
                              ent_forecast_t *out, ent_error_t *err);
ent_status_t ent_forecast_run_each(const ent_scenario_t *s, const char *name,
                                   const ent_forecast_opts_t *o, ent_forecast_t *out,
                                   size_t *refused, ent_error_t *err);
typedef struct { const char *source; int trace; int precision; ...; } ent_report_forecast_opts_t;
void ent_report_forecast_opts_init(ent_report_forecast_opts_t *o);
ent_status_t ent_report_forecast(const ent_scenario_t *s, const ent_forecast_t *f, size_t nf,
                                 const ent_report_forecast_opts_t *o, ent_output_t fmt, ent_buf_t *out);

typedef enum { ENT_NO_POSITION_ABSTAIN, ENT_NO_POSITION_INDIFFERENT } ent_no_position_t;
typedef struct { const char *against; const char *partners; size_t limit;
                 ent_progress_t progress; ...; } ent_guarantee_opts_t;
typedef struct { ...; } ent_guarantee_t;
void ent_guarantee_opts_init(ent_guarantee_opts_t *o);
void ent_guarantee_init(ent_guarantee_t *g);
void ent_guarantee_destroy(ent_guarantee_t *g);
ent_status_t ent_guarantee_analyze(const ent_scenario_t *s, const ent_guarantee_opts_t *opts,
                                   ent_guarantee_t *out, ent_error_t *err);
ent_status_t ent_report_guarantee(const ent_scenario_t *s, const ent_guarantee_t *r, ent_output_t fmt,
                                  ent_buf_t *out);
typedef struct { ent_no_position_t no_position; ent_progress_t progress; ...; } ent_proposals_opts_t;
typedef struct { ...; } ent_proposals_t;
void ent_proposals_opts_init(ent_proposals_opts_t *o);
void ent_proposals_init(ent_proposals_t *r);
void ent_proposals_destroy(ent_proposals_t *r);
ent_status_t ent_proposals_analyze(const ent_scenario_t *s, const ent_proposals_opts_t *opts,
                                   ent_proposals_t *out, ent_error_t *err);
ent_status_t ent_report_proposals(const ent_scenario_t *s, const ent_proposals_t *r, ent_output_t fmt,
                                  ent_buf_t *out);
typedef struct { int limit_cycles; size_t cuts; ent_progress_t progress; ...; } ent_sequence_opts_t;
typedef struct { ...; } ent_sequence_t;
void ent_sequence_opts_init(ent_sequence_opts_t *o);
void ent_sequence_init(ent_sequence_t *r);
void ent_sequence_destroy(ent_sequence_t *r);
ent_status_t ent_sequence_analyze(const ent_scenario_t *s, const ent_sequence_opts_t *opts,
                                  ent_sequence_t *out, ent_error_t *err);
ent_status_t ent_report_sequence(const ent_scenario_t *s, const ent_sequence_t *r, ent_output_t fmt,
                                 ent_buf_t *out);
typedef struct { int sensitivity; double shift; int thresholds; int forecasts; int power;
                 ent_no_position_t no_position; ent_progress_t progress; ...; } ent_analyze_opts_t;
typedef struct { ...; } ent_analyze_t;
void ent_analyze_opts_init(ent_analyze_opts_t *o);
void ent_analyze_init(ent_analyze_t *a);
void ent_analyze_destroy(ent_analyze_t *a);
ent_status_t ent_analyze_run(const ent_scenario_t *s, const ent_analyze_opts_t *opts,
                             ent_analyze_t *out, ent_error_t *err);
ent_status_t ent_report_analyze(const ent_scenario_t *s, const ent_analyze_t *r, ent_output_t fmt,
                                ent_buf_t *out);
typedef struct { size_t ncolumns; ...; } ent_compare_t;
void ent_compare_init(ent_compare_t *c);
void ent_compare_destroy(ent_compare_t *c);
ent_status_t ent_compare_run(const ent_scenario_t *const *s, const char *const *name, size_t n,
                             const ent_analyze_opts_t *opts, ent_compare_t *out, ent_error_t *err);
ent_status_t ent_report_compare(const ent_scenario_t *s, const ent_compare_t *c, ent_output_t fmt,
                                ent_buf_t *out);
ent_status_t ent_report_analyze_readings(const ent_scenario_t *s, const ent_analyze_t *r,
                                         const ent_compare_t *readings, ent_output_t fmt, ent_buf_t *out);
ent_status_t ent_scenario_apply_variant(ent_scenario_t *s, const char *id, const char *file,
                                        ent_error_t *err);

typedef struct { size_t draws; size_t first_draw; uint64_t seed; unsigned threads; int forecasts;
                 ent_no_position_t no_position; int keep_draws; size_t sobol; unsigned bootstrap;
                 ent_progress_t progress; ...; } ent_simulate_opts_t;
typedef struct { ...; } ent_simulation_t;
void ent_simulate_opts_init(ent_simulate_opts_t *o);
void ent_simulation_init(ent_simulation_t *r);
void ent_simulation_destroy(ent_simulation_t *r);
ent_status_t ent_simulate_run(const ent_scenario_t *s, const ent_simulate_opts_t *opts,
                              ent_simulation_t *out, ent_error_t *err);
ent_status_t ent_report_simulate(const ent_scenario_t *s, const ent_simulation_t *r, ent_output_t fmt,
                                 ent_buf_t *out);

typedef enum { ENT_SURVEY_MEAN, ENT_SURVEY_MEDIAN, ... } ent_survey_point_t;
typedef enum { ENT_DIST_EMPIRICAL, ... } ent_dist_kind_t;
typedef struct { ent_survey_point_t point; ent_dist_kind_t dist; double disagree; ...; } ent_survey_opts_t;
typedef struct { size_t nrows; size_t ncoders; size_t nvalues; size_t nflagged; ...; } ent_survey_t;
typedef struct ent_survey_table ent_survey_table_t;
void ent_survey_opts_init(ent_survey_opts_t *o);
ent_status_t ent_survey_point_parse(const char *name, ent_survey_point_t *out);
ent_status_t ent_survey_dist_parse(const char *name, ent_dist_kind_t *out);
void ent_survey_destroy(ent_survey_t *r);
ent_status_t ent_survey_table_new(const ent_scenario_t *base, const char *name, ent_survey_table_t **out,
                                  ent_error_t *err);
void ent_survey_table_destroy(ent_survey_table_t *t);
ent_status_t ent_survey_header(ent_survey_table_t *t, size_t n, const char *const *names,
                               const ent_loc_t *locs, ent_error_t *err);
ent_status_t ent_survey_row(ent_survey_table_t *t, size_t n, const char *const *cells,
                            const ent_loc_t *locs, int line, ent_error_t *err);
ent_status_t ent_survey_load_csv(ent_survey_table_t *t, const char *path, ent_error_t *err);
ent_status_t ent_survey_apply(const ent_survey_table_t *t, ent_scenario_t *s, const ent_survey_opts_t *opts,
                              ent_survey_t *out, ent_error_t *err);
ent_status_t ent_report_survey(const ent_scenario_t *s, const ent_survey_t *r, ent_output_t fmt,
                               ent_buf_t *out);

extern "Python+C" int _entente_progress(void *user, const char *phase, double done, double total);
int _entente_tick(void *user, const char *phase, double done, double total);
double _entente_bench_scalar(long n);
"""

# The progress callback handed to the library: plain C, called without the GIL. It calls
# into Python (_entente_progress, which takes the GIL and lets a pending Ctrl-C raise) at
# most every 50 ms, so a long computation in one thread does not fight other threads for
# the GIL at every tick. user: double[2] = {time of the last call into Python, stop flag}.
SOURCE = r"""
#include "entente.h"
#include <time.h>
static int _entente_progress(void *user, const char *phase, double done, double total);
static int _entente_tick(void *user, const char *phase, double done, double total)
{
    double *st = user;
    struct timespec ts;
    if (st[1] != 0) return 1;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double now = (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
    if (now - st[0] < 0.05) return 0;
    st[0] = now;
    if (_entente_progress(user, phase, done, total)) st[1] = 1;
    return st[1] != 0;
}
/* python/bench.py's baseline: seconds per call of a scalar library function called
 * directly from C, n times. */
static double _entente_bench_scalar(long n)
{
    struct timespec a, b;
    volatile int sink = 0;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < n; i++) sink += ent_version_number();
    clock_gettime(CLOCK_MONOTONIC, &b);
    (void)sink;
    return ((double)(b.tv_sec - a.tv_sec) + 1e-9 * (double)(b.tv_nsec - a.tv_nsec)) / (double)n;
}
"""


def _pkgconfig(*args):
    try:
        return subprocess.run(["pkg-config"] + list(args) + ["entente"], check=True,
                              capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def find_library():
    """(include dir, library dir) of libentente; raises RuntimeError with what to do."""
    inc, lib = os.environ.get("ENTENTE_INCLUDEDIR"), os.environ.get("ENTENTE_LIBDIR")
    if inc and lib:
        return inc, lib
    top = os.path.dirname(HERE)
    if (os.path.isfile(os.path.join(top, "include", "entente.h"))
            and os.path.isfile(os.path.join(top, "build", "libentente.so.0"))):
        return os.path.join(top, "include"), os.path.join(top, "build")
    if _pkgconfig("--exists") is not None:
        return _pkgconfig("--variable=includedir"), _pkgconfig("--variable=libdir")
    raise RuntimeError("entente: libentente.so not found. Build it first (`make lib` in the "
                       "repository: ../build/libentente.so.0), or `make install` (pkg-config "
                       "entente), or set ENTENTE_INCLUDEDIR and ENTENTE_LIBDIR")


def version(inc=None):
    inc = inc or find_library()[0]
    with open(os.path.join(inc, "entente", "core.h"), encoding="utf-8") as f:
        m = re.search(r'#define ENT_VERSION "([^"]+)"', f.read())
    return m.group(1)


def _compile(tmp):
    import cffi  # Debian python3-cffi
    inc, lib = find_library()
    ffi = cffi.FFI()
    ffi.cdef(CDEF)
    ffi.set_source("entente._entente", SOURCE, include_dirs=[inc],
                   library_dirs=[lib], libraries=["entente"], runtime_library_dirs=[lib],
                   extra_compile_args=["-std=c11", "-D_POSIX_C_SOURCE=200809L"])
    so = ffi.compile(tmpdir=tmp, verbose=False)
    return so, version(inc), lib


def _tag():
    impl = "cp" if sys.implementation.name == "cpython" else sys.implementation.name[:2]
    py = "%s%d%d" % (impl, sys.version_info[0], sys.version_info[1])
    plat = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return "%s-%s-%s" % (py, py, plat)


def _metadata(ver):
    return ("Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: Python bindings of the "
            "entente library: voting power, forecasts, proposals, preconditions\n"
            "License: MIT\nRequires-Python: >=3.8\n" % (NAME, ver))


def _distinfo_files(ver):
    return {
        "METADATA": _metadata(ver),
        "WHEEL": "Wheel-Version: 1.0\nGenerator: entente_build\nRoot-Is-Purelib: false\nTag: %s\n"
                 % _tag(),
        "top_level.txt": NAME + "\n",
    }


# ---- PEP 517 hooks ----

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    ver = version()
    d = "%s-%s.dist-info" % (NAME, ver)
    os.makedirs(os.path.join(metadata_directory, d), exist_ok=True)
    for name, text in _distinfo_files(ver).items():
        with open(os.path.join(metadata_directory, d, name), "w", encoding="utf-8") as f:
            f.write(text)
    return d


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    tmp = tempfile.mkdtemp(prefix="entente-build-")
    try:
        so, ver, _ = _compile(tmp)
        files = []  # (archive name, bytes)
        pkg = os.path.join(HERE, NAME)
        for name in sorted(os.listdir(pkg)):
            if name.endswith((".py", ".pyi")) or name == "py.typed":
                with open(os.path.join(pkg, name), "rb") as f:
                    files.append((NAME + "/" + name, f.read()))
        with open(so, "rb") as f:
            files.append((NAME + "/" + os.path.basename(so), f.read()))
        d = "%s-%s.dist-info" % (NAME, ver)
        for name, text in _distinfo_files(ver).items():
            files.append((d + "/" + name, text.encode()))
        record = []
        for name, data in files:
            h = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append("%s,sha256=%s,%d" % (name, h, len(data)))
        record.append(d + "/RECORD,,")
        files.append((d + "/RECORD", ("\n".join(record) + "\n").encode()))
        wheel = "%s-%s-%s.whl" % (NAME, ver, _tag())
        with zipfile.ZipFile(os.path.join(wheel_directory, wheel), "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in files:
                z.writestr(name, data)
        return wheel
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def build_sdist(sdist_directory, config_settings=None):
    import tarfile
    ver = version()
    base = "%s-%s" % (NAME, ver)
    path = os.path.join(sdist_directory, base + ".tar.gz")
    with tarfile.open(path, "w:gz") as t:
        for name in ["pyproject.toml", "entente_build.py", NAME]:
            t.add(os.path.join(HERE, name), arcname=base + "/" + name,
                  filter=lambda ti: None if "__pycache__" in ti.name else ti)
        info = tarfile.TarInfo(base + "/PKG-INFO")
        data = _metadata(ver).encode()
        info.size = len(data)
        import io
        t.addfile(info, io.BytesIO(data))
    return base + ".tar.gz"
