#!/bin/sh
# SPDX-License-Identifier: MIT
# 25-bdm.sh ENTENTE DATA — Bueno de Mesquita's expected-utility model (src/forecast/bdm.c)
# against the test vectors of ../shared/docs/models/bdm.md §C on the tables in DATA/bdm/,
# through the CLI: `entente forecast --model bdm [--variant V] --json|--trace FILE`.
#   - scholz2011 (§C.2, §C.3): full-precision means from the JSON (forecast_per_round, 17
#     digits) at relative 1e-15 (the spec's repr values); medians, round-1 risk exponents
#     and selected offers from the trace text at its 6 decimals;
#   - printed (§C.4, Q = 1, compromise=weighted): mean / median paths at 6 decimals;
#   - eum-literal (§C.4, Q = 1): the survey's eum outputs (15 significant digits).
#   - Q = 0.5 (§C.4): the CLI has no Q option, so these go through a small checker,
#     scripts/validate.d/25-bdm-q.c, compiled here against the libentente.a next to ENTENTE
#     (skipped with a message when that library is not there).
# Prints one line per check; exits non-zero on any mismatch.
bin=$1
data=$2
dir=$data/bdm
fail=0
nok=0
ok() { echo "ok    $1"; nok=$((nok + 1)); }
bad() { echo "FAIL  $1"; fail=$((fail + 1)); }
if [ ! -d "$dir" ]; then
    echo "skip  bdm: $dir not found"
    exit 0
fi

# rel LABEL EXPECTED ACTUAL RELTOL — |a - e| <= tol * max(|e|, 1e-300)
rel() {
    if awk -v e="$2" -v a="$3" -v t="$4" 'BEGIN { if (a == "") exit 1; d = e - a; if (d < 0) d = -d;
        m = e < 0 ? -e : e; exit !(d <= t * m) }'; then ok "$1: $3"
    else bad "$1: got '$3', expected $2 (rel $4)"; fi
}
same() {
    if [ "$2" = "$3" ]; then ok "$1: $3"; else bad "$1: got '$3', expected '$2'"; fi
}
# means FILE VARIANT — the 11 per-round forecasts (means), one per line, full precision
means() {
    "$bin" forecast --model bdm --variant "$2" --json --precision 17 --trace "$1" 2>/dev/null | awk '
        /"forecast_per_round"/ { on = 1; next }
        on && /"/ { on = 0 }
        on && /^[ \t]*-?[0-9]/ { gsub(/[ \t,]/, ""); print }'
}
# trace FILE VARIANT — the text trace
trace() { "$bin" forecast --model bdm --variant "$2" --trace "$1" 2>/dev/null; }
# field of round R's "round R: mean M median D" line: 4 = mean, 6 = median
rnd() { echo "$1" | awk -v r="$2" -v f="$3" '$1 == "round" && $2 == r ":" { print $f; exit }'; }
# the "r:" line after round R
rline() { echo "$1" | awk -v r="$2" '$1 == "round" && $2 == r ":" { on = 1; next }
    on && $1 == "r:" { $1 = ""; sub(/^ /, ""); print; exit }'; }
# number of offer lines ("<-") after round R (until the next round line)
noffers() { echo "$1" | awk -v r="$2" '$1 == "round" { on = ($2 == r ":"); next } on && /<-/ { n++ } END { print n + 0 }'; }
# the offer line of RECEIVER in round R
offer() { echo "$1" | awk -v r="$2" -v who="$3" '$1 == "round" { on = ($2 == r ":"); next }
    on && index($0, "    " who " <- ") == 1 { sub(/^    /, ""); print; exit }'; }

# ---------------------------------------------------------------- scholz2011
f=$dir/emission_standards.csv
if [ -f "$f" ]; then
    m=$(means "$f" scholz2011)
    i=0
    for e in 7.389955686853767 7.461314378277189 7.552500865855845 7.590144997451547 \
             7.358130531334201 7.3491739896752115 7.414877545372958 7.510457183677219 \
             7.5724470975503 7.324989065683666 7.242130958473938; do
        i=$((i + 1))
        rel "emission scholz2011 mean round $((i - 1))" "$e" "$(echo "$m" | sed -n "${i}p")" 1e-15
    done
    same "emission scholz2011 two-decimal path (published)" \
        "7.39 7.46 7.55 7.59 7.36 7.35 7.41 7.51 7.57 7.32 7.24" \
        "$(echo "$m" | awk '{ printf "%s%.2f", (NR > 1 ? " " : ""), $1 }')"
    t=$(trace "$f" scholz2011)
    same "emission scholz2011 medians rounds 0-10" \
        "7.000000 8.415932 9.610859 9.961980 9.961980 9.961980 7.472046 8.824594 9.671130 9.671130 7.000000" \
        "$(for r in 0 1 2 3 4 5 6 7 8 9 10; do rnd "$t" $r 6; done | tr '\n' ' ' | sed 's/ $//')"
    same "emission scholz2011 round-1 exponents" \
        "1.405653 0.754196 0.508864 1.405653 1.046524 1.046524 1.964898 0.500000 2.000000 1.112125" "$(rline "$t" 1)"
    same "emission scholz2011 round-4 Belgium offer (quirk Q7)" \
        "Belgium <- Netherlands: compromise a=-0.715334 b=0.826337 -> 4.800881" "$(offer "$t" 4 Belgium)"
else
    echo "skip  emission_standards.csv not found"
fi

f=$dir/greece_2015.csv
if [ -f "$f" ]; then
    m=$(means "$f" scholz2011)
    rel "greece scholz2011 mean round 0" 82.22222222222223 "$(echo "$m" | sed -n 1p)" 1e-15
    rel "greece scholz2011 mean round 1" 75.53604801070142 "$(echo "$m" | sed -n 2p)" 1e-15
    rel "greece scholz2011 mean round 10" 79.65187541680017 "$(echo "$m" | sed -n 11p)" 1e-15
    t=$(trace "$f" scholz2011)
    same "greece scholz2011 median round 10" 100.000000 "$(rnd "$t" 10 6)"
    same "greece scholz2011 round-1 exponents" \
        "2.000000 1.264334 1.064926 0.942072 0.692743 0.808965 0.500000 0.500000 0.808965 0.640058 0.808965" "$(rline "$t" 1)"
    same "greece scholz2011 round-1 Dijsselbloem offer" \
        "Dijsselbloem <- Greece: compromise a=-1.108527 b=1.237928 -> 46.271814" "$(offer "$t" 1 Dijsselbloem)"
    for who in Dijsselbloem Tusk; do
        same "greece scholz2011 round-2 $who offer" "Germany: compromise 79.345427" \
            "$(offer "$t" 2 $who | awk '{ print $3, $4, $NF }')"
    done
    same "greece scholz2011 offers in rounds 3-10" "0 0 0 0 0 0 0 0" \
        "$(for r in 3 4 5 6 7 8 9 10; do noffers "$t" $r; done | tr '\n' ' ' | sed 's/ $//')"
else
    echo "skip  greece_2015.csv not found"
fi

f=$dir/uk_emu_1998_labour.csv
if [ -f "$f" ]; then
    m=$(means "$f" scholz2011)
    rel "uk-emu scholz2011 mean round 0" 5.32156862745098 "$(echo "$m" | sed -n 1p)" 1e-15
    rel "uk-emu scholz2011 mean round 1" 4.976470588235294 "$(echo "$m" | sed -n 2p)" 1e-15
    rel "uk-emu scholz2011 mean round 2" 4.614633747672602 "$(echo "$m" | sed -n 3p)" 1e-15
    rel "uk-emu scholz2011 mean round 10" 4.626558435810553 "$(echo "$m" | sed -n 11p)" 1e-15
    t=$(trace "$f" scholz2011)
    same "uk-emu scholz2011 median round 0 / 10" "6.000000 5.302909" "$(rnd "$t" 0 6) $(rnd "$t" 10 6)"
    same "uk-emu scholz2011 2-cycle, odd rounds 7 and 9" "4.932732 6.000000 4.932732 6.000000" \
        "$(rnd "$t" 7 4) $(rnd "$t" 7 6) $(rnd "$t" 9 4) $(rnd "$t" 9 6)"
    same "uk-emu scholz2011 round-1 exponents" \
        "0.545308 0.560526 0.721815 0.500000 0.571978 0.560526 0.768108 2.000000 0.643626" "$(rline "$t" 1)"
    same "uk-emu scholz2011 round-1 Labour (pro-euro) offer" \
        "Labour (pro-euro) <- Conservative (pro-EU): confrontation a=0.019292 b=0.085791 -> 6.000000" \
        "$(offer "$t" 1 "Labour (pro-euro)")"
    same "uk-emu scholz2011 round-1 Technocrats offer" "confrontation -> 8.000000" \
        "$(offer "$t" 1 Technocrats | sed 's/.*: \([a-z]*\) a=.* -> /\1 -> /')"
    same "uk-emu scholz2011 round-1 Industrialists offer" \
        "Industrialists <- Labour (anti-EU): confrontation a=0.038747 b=0.038767 -> 4.000000" \
        "$(offer "$t" 1 Industrialists)"
else
    echo "skip  uk_emu_1998_labour.csv not found"
fi

f=$dir/iran_election_2013.tsv
if [ -f "$f" ]; then
    m=$(means "$f" scholz2011)
    rel "iran scholz2011 mean round 0" 5.438337341119889 "$(echo "$m" | sed -n 1p)" 1e-15
    rel "iran scholz2011 mean round 10" 5.498454139470972 "$(echo "$m" | sed -n 11p)" 1e-15
    for r in 6 8; do rel "iran scholz2011 mean round $r (even)" 5.498454139470972 "$(echo "$m" | sed -n "$((r + 1))p")" 1e-15; done
    for r in 7 9; do rel "iran scholz2011 mean round $r (odd)" 5.390243902439024 "$(echo "$m" | sed -n "$((r + 1))p")" 1e-15; done
    t=$(trace "$f" scholz2011)
    same "iran scholz2011 median round 0 / 10" "5.000000 5.000000" "$(rnd "$t" 0 6) $(rnd "$t" 10 6)"
    same "iran scholz2011 round-1 exponents" \
        "1.065259 1.706476 1.282797 0.785582 1.285083 0.500000 2.000000 1.213600" "$(rline "$t" 1)"
    same "iran scholz2011 round-1 Velayati offer" \
        "Velayati <- Jalili: compromise a=-0.164135 b=0.398628 -> 3.352998" "$(offer "$t" 1 Velayati)"
    same "iran scholz2011 Velayati rounds 1-5 (4 decimals)" "3.3530 2.0568 1.3381 1.0812 1.0170" \
        "$(for r in 1 2 3 4 5; do offer "$t" $r Velayati | awk '{ printf "%.4f\n", $NF }'; done | tr '\n' ' ' | sed 's/ $//')"
    same "iran scholz2011 only Velayati moves, rounds 1-10" "1 1 1 1 1 1 1 1 1 1" \
        "$(for r in 1 2 3 4 5 6 7 8 9 10; do noffers "$t" $r; done | tr '\n' ' ' | sed 's/ $//')"
else
    echo "skip  iran_election_2013.tsv not found"
fi

f=$dir/saudi_oil_price.csv
if [ -f "$f" ]; then
    m=$(means "$f" scholz2011)
    same "sultan scholz2011 mean constant 13.619912134884823 (11 states)" 11 \
        "$(echo "$m" | awk '$1 == 13.619912134884823 { n++ } END { print n + 0 }')"
    t=$(trace "$f" scholz2011)
    same "sultan scholz2011 no offer in any round" "0 0 0 0 0 0 0 0 0 0" \
        "$(for r in 1 2 3 4 5 6 7 8 9 10; do noffers "$t" $r; done | tr '\n' ' ' | sed 's/ $//')"
    same "sultan scholz2011 median round 10" 13.900000 "$(rnd "$t" 10 6)"
else
    echo "skip  saudi_oil_price.csv not found"
fi

# ---------------------------------------------------------------- printed (Q = 1)
# path FILE VARIANT ROUNDS... — "mean/median" at 6 decimals for the listed rounds
path() {
    tt=$(trace "$1" "$2")
    shift 2
    for r in "$@"; do printf "%s/%s " "$(rnd "$tt" "$r" 4)" "$(rnd "$tt" "$r" 6)"; done | sed 's/ $//'
}
if [ -f "$dir/emission_standards.csv" ]; then
    same "emission printed rounds 0-4, 10" \
        "7.389956/7.000000 7.518464/7.000000 7.886263/7.000000 7.163959/7.000000 7.000000/7.000000 7.000000/7.000000" \
        "$(path "$dir/emission_standards.csv" printed 0 1 2 3 4 10)"
fi
if [ -f "$dir/uk_emu_1998_labour.csv" ]; then
    same "uk-emu printed rounds 0-3, 10" \
        "5.321569/6.000000 5.356863/5.000000 5.078431/5.000000 5.000000/5.000000 5.000000/5.000000" \
        "$(path "$dir/uk_emu_1998_labour.csv" printed 0 1 2 3 10)"
fi
if [ -f "$dir/iran_election_2013.tsv" ]; then
    same "iran printed rounds 0-3, 10" \
        "5.438337/5.000000 4.728272/5.000000 5.000000/5.000000 5.000000/5.000000 5.000000/5.000000" \
        "$(path "$dir/iran_election_2013.tsv" printed 0 1 2 3 10)"
fi
if [ -f "$dir/saudi_oil_price.csv" ]; then
    same "sultan printed rounds 0-3, 10" \
        "13.619912/13.900000 13.600653/13.750000 13.673439/13.750000 13.750000/13.750000 13.750000/13.750000" \
        "$(path "$dir/saudi_oil_price.csv" printed 0 1 2 3 10)"
fi
if [ -f "$dir/greece_2015.csv" ]; then
    same "greece printed round 10 (compromise=weighted)" "54.488692/54.507835" \
        "$(path "$dir/greece_2015.csv" printed 10)"
fi

# ---------------------------------------------------------------- eum-literal (Q = 1)
# eum FILE LABEL ROUND EXPECTED-MEAN EXPECTED-MEDIAN — 15 significant digits
eum() {
    mm=$(means "$1" eum-literal | sed -n "$(($3 + 1))p")
    rel "$2 eum-literal mean round $3" "$4" "$mm" 1e-14
    same "$2 eum-literal median round $3" "$(printf '%.6f' "$5")" "$(rnd "$(trace "$1" eum-literal)" "$3" 6)"
}
if [ -f "$dir/emission_standards.csv" ]; then
    eum "$dir/emission_standards.csv" emission 1 7.24815361890694 7
    eum "$dir/emission_standards.csv" emission 2 7 7
    eum "$dir/emission_standards.csv" emission 10 7 7
fi
if [ -f "$dir/greece_2015.csv" ]; then
    eum "$dir/greece_2015.csv" greece 1 89.4315617000803 100
    eum "$dir/greece_2015.csv" greece 2 100 100
    eum "$dir/greece_2015.csv" greece 10 100 100
fi
if [ -f "$dir/uk_emu_1998_labour.csv" ]; then
    eum "$dir/uk_emu_1998_labour.csv" uk-emu 1 5.40392156862745 5
    eum "$dir/uk_emu_1998_labour.csv" uk-emu 2 5.07843137254902 5
    eum "$dir/uk_emu_1998_labour.csv" uk-emu 10 5 5
fi
if [ -f "$dir/iran_election_2013.tsv" ]; then
    eum "$dir/iran_election_2013.tsv" iran 1 4.88457574716592 5
    eum "$dir/iran_election_2013.tsv" iran 10 5 5
fi
if [ -f "$dir/saudi_oil_price.csv" ]; then
    eum "$dir/saudi_oil_price.csv" sultan 1 13.7324982189504 13.75
    eum "$dir/saudi_oil_price.csv" sultan 2 13.8583055199513 13.75
    eum "$dir/saudi_oil_price.csv" sultan 10 13.75 13.75
fi
if [ -f "$dir/argentina.tsv" ]; then
    eum "$dir/argentina.tsv" argentina 0 74.0028177321122 85
    eum "$dir/argentina.tsv" argentina 1 75.9939620580299 80
    eum "$dir/argentina.tsv" argentina 2 78.4021276685718 80
    eum "$dir/argentina.tsv" argentina 3 78.4141460647192 80
    eum "$dir/argentina.tsv" argentina 10 80 80
fi

# ---------------------------------------------------------------- Q = 0.5 (§C.4)
# through the checker 25-bdm-q.c, built against the library next to ENTENTE
lib=$(dirname "$bin")/libentente.a
tmp=$(mktemp -d)
if [ -f "$lib" ] && ${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Iinclude -o "$tmp/q" \
        scripts/validate.d/25-bdm-q.c "$lib" -lfyaml -lgmp -lm -lpthread \
        $(pkg-config --libs clp 2>/dev/null || echo -lClpSolver -lClp -lCoinUtils) -llapack -lblas 2>"$tmp/cc.err"; then
    # qrow VARIANT FILE LABEL ROUND MEAN MEDIAN — 15 significant digits
    qrow() {
        line=$("$tmp/q" "$1" 0.5 "$2" 2>/dev/null | awk -v r="$4" '$1 == r')
        rel "$3 $1 Q=0.5 mean round $4" "$5" "$(echo "$line" | awk '{ print $2 }')" 1e-14
        rel "$3 $1 Q=0.5 median round $4" "$6" "$(echo "$line" | awk '{ print $3 }')" 1e-14
    }
    f=$dir/emission_standards.csv
    if [ -f "$f" ]; then
        qrow eum-literal "$f" emission 1 6.97341211225997 7
        qrow eum-literal "$f" emission 2 6.75184638109306 7
        qrow eum-literal "$f" emission 3 6.97341211225997 7
        qrow eum-literal "$f" emission 10 7 7
        qrow printed "$f" emission 10 4 4
    fi
    f=$dir/argentina.tsv
    if [ -f "$f" ]; then
        qrow eum-literal "$f" argentina 1 75.5253019129686 85
        qrow eum-literal "$f" argentina 2 78.924439343924 85
        qrow eum-literal "$f" argentina 3 81.3721679193504 85
        qrow eum-literal "$f" argentina 10 85 85
    fi
    [ -f "$dir/greece_2015.csv" ] && qrow printed "$dir/greece_2015.csv" greece 10 80 80
    [ -f "$dir/uk_emu_1998_labour.csv" ] && qrow printed "$dir/uk_emu_1998_labour.csv" uk-emu 10 8 8
    [ -f "$dir/iran_election_2013.tsv" ] && qrow printed "$dir/iran_election_2013.tsv" iran 10 5 5
    [ -f "$dir/saudi_oil_price.csv" ] && qrow printed "$dir/saudi_oil_price.csv" sultan 10 13.95 13.95
else
    echo "skip  Q = 0.5 vectors: could not build scripts/validate.d/25-bdm-q.c against $lib"
    sed 's/^/      /' "$tmp/cc.err" 2>/dev/null | head -5
fi
rm -rf "$tmp"

echo "bdm: $nok passed, $fail failed"
[ "$fail" -eq 0 ]
