#!/usr/bin/env bash
# Mutation testing of normgraph's core with mutmut 3 (docs/testing.md): for each target in
# scripts/mutation-targets.txt, mutmut mutates the named functions of one source file and runs only
# the target's tests against each mutant. Each target runs in a temporary copy of the checkout
# (tracked files and new untracked ones), so the working tree is never touched.
#
# Usage: bash scripts/mutation.sh [TARGET ...]        (default: every target)
# Needs:  pip install -e '.[mutation]'  (in ./.venv, or set PYTHON=/path/to/python)
# Writes: out/mutation/TARGET.txt (every mutant and its fate) and out/mutation/summary.txt.
# A target whose fifth field is `fresh` runs each mutant in a new process (scripts/mutation_fresh.py):
# for tests that start servers, mutmut's forked runs all hit their CPU limit and passed as "killed".
# Mutants listed in scripts/mutation-equivalent.txt (with the reason each is equivalent) are left
# out of the kill rate. MUTATION_KEEP=1 keeps each run's copy, for `mutmut show MUTANT` there.
# MUTATION_SURVIVORS=1 reruns only the survivors (and time-outs, which a busy machine can cause) of
# a fresh target's last run, after tests were added: a mutant the tests failed on stays killed,
# since tests are only ever added. The source file must not have changed in between.
# Exit status 1 when a target kills fewer than MUTATION_MIN percent (90).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
py=${PYTHON:-$root/.venv/bin/python}
min=${MUTATION_MIN:-90}
"$py" -c "import mutmut" 2>/dev/null || { echo "scripts/mutation.sh: mutmut is not installed: $py -m pip install -e '.[mutation]'" >&2; exit 2; }
mutmut="$py -m mutmut"
out=$root/out/mutation
mkdir -p "$out"
wanted=("$@")
status=0
new_summary=$(mktemp "$out/summary.txt.new.XXXXXX")  # one per run: two runs may overlap
: > "$new_summary"

while IFS='|' read -r name file globs args runner; do
    name=$(echo "$name" | xargs); file=$(echo "$file" | xargs); globs=$(echo "$globs" | xargs)
    runner=$(echo "${runner:-}" | xargs)
    [ -z "$name" ] && continue
    case "$name" in \#*) continue ;; esac
    if [ ${#wanted[@]} -gt 0 ] && [[ ! " ${wanted[*]} " == *" $name "* ]]; then continue; fi
    module=$(echo "$file" | sed -e 's#^src/##' -e 's#\.py$##' -e 's#/#.#g')
    work=$(mktemp -d "${TMPDIR:-/tmp}/normgraph-mutation-$name.XXXXXX")
    [ -z "${MUTATION_KEEP:-}" ] && trap 'rm -rf "$work"' EXIT
    git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
        [ -e "$f" ] && mkdir -p "$work/$(dirname "$f")" && cp -p "$f" "$work/$f"
    done
    # tests read ../shared from the folder they run in (mutmut's mutants/, inside the copy)
    [ -d "$root/../shared" ] && ln -s "$(cd "$root/../shared" && pwd)" "$work/shared"
    # the target's configuration: what to mutate, which tests to run
    "$py" - "$work/pyproject.toml" "$file" "$args" <<'PY'
import shlex, sys
path, file, args = sys.argv[1], sys.argv[2], shlex.split(sys.argv[3])
tests = [a for a in args if not a.startswith("-") and (a.startswith("tests/") or "::" in a)]
extra = [a for a in args if a not in tests]
toml = lambda items: "[" + ", ".join('"' + i.replace("\\", "\\\\").replace('"', '\\"') + '"' for i in items) + "]"
with open(path, "a", encoding="utf-8") as f:
    f.write(f"""
[tool.mutmut]
source_paths = ["src"]
only_mutate = {toml([file])}
pytest_add_cli_args_test_selection = {toml(tests)}
pytest_add_cli_args = {toml(["-p", "no:cacheprovider", "-q", "-x"] + extra)}
use_git_change_detection = false
""")
PY
    patterns=()
    set -f  # the globs are mutmut's, not the shell's
    for g in $globs; do patterns+=("$module.$g"); done
    set +f
    echo "== $name: $file [${globs}] with${args}"
    started=$(date +%s)
    if [ "$runner" = fresh ]; then
        # each mutant in a new process (scripts/mutation_fresh.py says why)
        mapfile -t test_args < <("$py" -c 'import shlex, sys; print("\n".join(shlex.split(sys.argv[1])))' "$args")
        if [ -n "${MUTATION_SURVIVORS:-}" ] && [ -f "$out/$name.results" ]; then
            # rerun only the last run's survivors (after adding tests); the others keep their fate
            grep -E ': (survived|timeout)$' "$out/$name.results" | sed -E 's/: (survived|timeout)$//' | xargs -n1 > "$work/survivors.txt"
            cp "$out/$name.results" "$work/earlier.results"
            export MUTATION_ONLY="$work/survivors.txt"
        fi
        (cd "$work" && "$py" scripts/mutation_fresh.py "$file" "$globs" "${test_args[@]}" > "$out/$name.results" 2> "$out/$name.log") \
            || { echo "   mutation_fresh failed, see $out/$name.log" >&2; status=1; rm -rf "$work"; continue; }
        if [ -n "${MUTATION_ONLY:-}" ]; then
            "$py" - "$work/earlier.results" "$out/$name.results" <<'PY'
import sys
earlier, now = sys.argv[1], sys.argv[2]
fates = {}
for path in (earlier, now):  # the rerun's fates replace the earlier ones
    for line in open(path, encoding="utf-8"):
        if ": " in line:
            mutant, fate = line.strip().rsplit(": ", 1)
            fates[mutant] = fate
with open(now, "w", encoding="utf-8") as f:
    f.writelines(f"    {m}: {fate}\n" for m, fate in fates.items())
PY
            unset MUTATION_ONLY
        fi
    else
        (cd "$work" && $mutmut run "${patterns[@]}" > "$out/$name.log" 2>&1) || { echo "   mutmut failed, see $out/$name.log" >&2; status=1; rm -rf "$work"; continue; }
        (cd "$work" && $mutmut results --all true > "$out/$name.results" 2>&1) || true
    fi
    "$py" - "$name" "$module" "$out/$name.results" "$root/scripts/mutation-equivalent.txt" "$out/$name.txt" "$min" "$(( $(date +%s) - started ))" "$globs" >> "$new_summary" <<'PY' || status=1
import fnmatch, sys
from collections import Counter
name, module, results, equivalent_file, report, minimum, seconds, globs = sys.argv[1:9]
patterns = [f"{module}.{g}" for g in globs.split()]
fates = {}
for line in open(results, encoding="utf-8"):
    if ": " in line:
        mutant, fate = line.strip().rsplit(": ", 1)
        if any(fnmatch.fnmatch(mutant, p) for p in patterns):
            fates[mutant] = fate
equivalent = {}
for line in open(equivalent_file, encoding="utf-8"):
    line = line.strip()
    if line and not line.startswith("#"):
        mutant, _, reason = line.partition(" ")
        equivalent[mutant] = reason.strip()
counts = Counter(fates.values())
excluded = [m for m in fates if m in equivalent and fates[m] != "killed"]
killed = counts["killed"] + counts["timeout"]  # a mutant that hangs the tests is caught by them
total = len(fates) - len(excluded)
rate = 100.0 * killed / total if total else 100.0
survivors = sorted(m for m, f in fates.items() if f not in ("killed", "timeout") and m not in equivalent)
with open(report, "w", encoding="utf-8") as f:
    for m in sorted(fates):
        f.write(f"{m}: {fates[m]}{'  (equivalent: ' + equivalent[m] + ')' if m in excluded else ''}\n")
line = (f"{name:12} {killed:4} killed of {total:4} ({rate:5.1f} %)  equivalent excluded {len(excluded):3}  "
        f"{dict(sorted(counts.items()))}  {seconds} s")
print(line)
print(line, file=sys.stderr)
for m in survivors:
    print(f"    survived: {m}", file=sys.stderr)
sys.exit(0 if rate >= float(minimum) else 1)
PY
    if [ -n "${MUTATION_KEEP:-}" ]; then
        echo "   kept $work: (cd $work && $mutmut show MUTANT)"
    else
        rm -rf "$work"
    fi
    trap - EXIT
done < scripts/mutation-targets.txt

# keep the earlier figures of targets this run left alone
if [ -f "$out/summary.txt" ]; then
    ran=$(awk '{print $1}' "$new_summary")
    [ -n "$ran" ] && grep -v -w -F -f <(echo "$ran") "$out/summary.txt" >> "$new_summary" || true
fi
sort -o "$new_summary" "$new_summary"
mv "$new_summary" "$out/summary.txt"
echo "summary: $out/summary.txt; each mutant: $out/TARGET.txt (mutmut show needs the run's copy: rerun one target)"
exit $status
