# Helpers shared by the benchmark scripts; sourced, not run.

# The median of the numbers on stdin (separated by spaces or new lines).
median() {
  tr ' ' '\n' | grep -v '^$' | sort -g |
    awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# wrk's latency ("812.00us", "1.20ms", "2.01s") in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n = n / 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n = n * 1000
    printf "%.3f", n }'
}
