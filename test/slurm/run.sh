#!/usr/bin/env bash
# npm run test:slurm: a real one-node Slurm cluster (munged, slurmctld, slurmd) runs docs/sweep.sbatch as a job array
# on a tiny sweep; one task is cancelled while it trains and the array resubmitted; every run must end with the same
# model.safetensors bytes as the same sweep run without Slurm. Installs Debian's slurm-wlm and munge if missing (skips
# loudly without apt-get, fails instead under GYRUS_SLURM=required), stops every daemon it started, ends within
# GYRUS_SLURM_TIMEOUT seconds (default 480) and prints "slurm: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
LIMIT=${GYRUS_SLURM_TIMEOUT:-480}
SBATCH_FILE=docs/sweep.sbatch
# The tiny sweep: 6 runs (none, BIMT, L1 × 2 seeds) of 150 steps on two tasks; 3 array tasks of 2 runs each.
SWEEP=(--preset quick --suite yang20 --tasks go,dm1 --steps 150 --regs bimt,l1 --lambdas 0,1e-4 --seeds 2)
ARRAY=0-2
VICTIM=2 # the array task cancelled while it trains; its first run is bimt-l1e-4-A1-s0

passed=0
failed=0
T=""
PIDS=()  # daemons we started, in start order
JOBS=()  # Slurm jobs we submitted
ok() { echo "ok: $*"; passed=$((passed + 1)); }
bad() { echo "FAIL: $*"; failed=$((failed + 1)); }
say() { echo "slurm-test: $*"; }

# A process that runs (a child that exited but was not reaped yet, a zombie, does not).
alive() { local st; st=$(ps -o stat= -p "$1" 2>/dev/null) && [ -n "$st" ] && [ "${st:0:1}" != Z ]; }

exec 3>&1 4>&2 # the script's own output, for a trap that fires inside a redirected command

cleanup() {
  trap - EXIT INT TERM
  exec 1>&3 2>&4
  [ -n "${WATCHDOG:-}" ] && kill "$WATCHDOG" 2>/dev/null
  if [ -n "$T" ] && [ -f "$T/slurm.conf" ] && [ "${#JOBS[@]}" -gt 0 ]; then
    scancel "${JOBS[@]}" 2>/dev/null
    for _ in $(seq 1 40); do
      [ -z "$(squeue -h -j "$(IFS=,; echo "${JOBS[*]}")" 2>/dev/null)" ] && break
      sleep 0.5
    done
  fi
  # Any process still running from this test's folder (a job's sweep or training): by id, nothing else.
  if [ -n "$T" ]; then
    for p in $(pgrep -f -- "$T/" 2>/dev/null); do
      [[ " $$ ${PIDS[*]} " == *" $p "* ]] || kill -KILL "$p" 2>/dev/null
    done
  fi
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    local p=${PIDS[$i]}
    kill -TERM "$p" 2>/dev/null || continue
    for _ in $(seq 1 40); do alive "$p" || break; sleep 0.25; done
    alive "$p" && { say "pid $p ignored SIGTERM for 10 s: SIGKILL"; kill -KILL "$p" 2>/dev/null; }
    wait "$p" 2>/dev/null
  done
  [ "${#PIDS[@]}" -gt 0 ] && say "stopped munged, slurmctld and slurmd (pids ${PIDS[*]})"
  if [ -n "$T" ]; then
    if [ "$failed" -eq 0 ]; then rm -rf "$T"; else say "logs kept in $T"; fi
  fi
  echo "slurm: $passed passed, $failed failed"
  [ "$failed" -eq 0 ] && exit 0 || exit 1
}
trap cleanup EXIT
trap 'exec 1>&3 2>&4; bad "interrupted or timed out (limit ${LIMIT} s)"; exit 1' INT TERM
# The watchdog: TERM to this script after LIMIT seconds; killing it (cleanup) also ends its sleep.
(
  trap 'kill $s 2>/dev/null; exit 0' TERM
  sleep "$LIMIT" &
  s=$!
  wait $s && kill -TERM $$ 2>/dev/null
) >/dev/null 2>&1 &
WATCHDOG=$!

# A command with a time bound, waited for so that the watchdog's signal can interrupt the wait.
bounded() {
  local secs=$1
  shift
  timeout "$secs" "$@" &
  wait $!
}
# Poll `cond` (a shell snippet) every 0.25 s for at most `secs` seconds.
wait_for() {
  local secs=$1 cond=$2 n
  for ((n = 0; n < secs * 4; n++)); do
    eval "$cond" && return 0
    sleep 0.25
  done
  return 1
}

# ---- slurm-wlm and munge
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  if command -v apt-get >/dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    say "installing slurm-wlm and munge with apt-get"
    $sudo apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive \
      $sudo apt-get install -y -q --no-install-recommends slurm-wlm munge >/dev/null ||
      { bad "apt-get install slurm-wlm munge failed"; exit 1; }
  elif [ "${GYRUS_SLURM:-}" = required ]; then
    bad "slurm-wlm and munge are not installed and apt-get is unavailable (GYRUS_SLURM=required)"
    exit 1
  else
    echo "################################################################################"
    echo "SKIPPED: the Slurm test needs slurm-wlm and munge, and apt-get is unavailable to install them."
    echo "################################################################################"
    trap - EXIT
    kill "$WATCHDOG" 2>/dev/null
    echo "slurm: 0 passed, 0 failed (skipped: no apt-get)"
    exit 0
  fi
fi
say "$(slurmctld -V), munge $(munged -V 2>&1 | awk '{print $2}')"

say "building dist/"
bounded 180 npm run -s build:ts || { bad "npm run build:ts failed"; exit 1; }

T=$(mktemp -d /tmp/gyrus-slurm.XXXXXX)
chmod 700 "$T"
mkdir -p "$T/state" "$T/spool" "$T/out"
HOST=$(hostname -s)
PORT=$((20000 + RANDOM % 20000))

# ---- munge: a key made on the spot, a daemon on a socket of our own
dd if=/dev/urandom of="$T/munge.key" bs=1024 count=1 status=none
chmod 400 "$T/munge.key"
munged -F --force --key-file="$T/munge.key" --socket="$T/munge.sock" --pid-file="$T/munged.pid" \
  --log-file="$T/munged.log" --seed-file="$T/munged.seed" 2>>"$T/munged.log" &
PIDS+=($!)
wait_for 10 '[ -S "$T/munge.sock" ]' || { bad "munged did not start (see $T/munged.log)"; exit 1; }
munge -S "$T/munge.sock" -n | unmunge -S "$T/munge.sock" >/dev/null || { bad "munge credential round trip failed"; exit 1; }

# ---- a one-node cluster: no cgroups (proctrack/linuxproc, task/none), state under $T
cat >"$T/slurm.conf" <<EOF
ClusterName=gyrustest
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
AuthType=auth/munge
AuthInfo=socket=$T/munge.sock
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
ReturnToService=2
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/slurmctld.log
SlurmdLogFile=$T/slurmd.log
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
KillWait=30
MinJobAge=600
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=1000 State=UNKNOWN
PartitionName=test Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$T/slurm.conf
slurmctld -D -c -f "$SLURM_CONF" >>"$T/slurmctld.out" 2>&1 &
PIDS+=($!)
slurmd -D -f "$SLURM_CONF" -N "$HOST" >>"$T/slurmd.out" 2>&1 &
PIDS+=($!)
if wait_for 60 '[ "$(sinfo -h -N -o %t 2>/dev/null)" = idle ]'; then
  ok "slurmctld and slurmd up, node $HOST idle ($(nproc) CPUs)"
else
  bad "node never became idle: $(sinfo -h -N -o '%t %E' 2>&1 | head -1) (see $T/slurmctld.log, $T/slurmd.log)"
  exit 1
fi

# ---- the reference: the same sweep without Slurm
say "reference sweep without Slurm → $T/local"
t0=$SECONDS
bounded 240 node dist/src/cli/main.js sweep "${SWEEP[@]}" --jobs 2 --threads 2 --out "$T/local" >"$T/local.out" 2>&1 &&
  ok "local sweep done in $((SECONDS - t0)) s" || { bad "local sweep failed: $(tail -3 "$T/local.out")"; exit 1; }
RUNS=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).runs.map(r=>r.id).join(" "))' "$T/local/sweep.json")

# ---- the job array, submitted with the documented file
submit() {
  sbatch --parsable --array="$ARRAY" --cpus-per-task=1 --mem=200M --output="$T/out/slurm-%A_%a.out" \
    "$SBATCH_FILE" "${SWEEP[@]}" --out "$T/slurm" | cut -d';' -f1
}
t0=$SECONDS
J1=$(submit) && [ -n "$J1" ] || { bad "sbatch failed"; exit 1; }
JOBS+=("$J1")
say "submitted $SBATCH_FILE as job array $J1 ($ARRAY)"
victim_run=$(echo "$RUNS" | awk -v k="$VICTIM" '{print $(k + 1)}')
vd=$T/slurm/$victim_run
# Cancel the victim once its first run is training: it holds the lock and has logged step 50.
if wait_for 120 '[ -f "$vd/running.json" ] && [ -s "$vd/metrics.jsonl" ]'; then
  say "task ${J1}_$VICTIM trains $victim_run: $(node dist/src/cli/main.js sweep --status "$T/slurm" | grep "^$victim_run ")"
  scancel "${J1}_$VICTIM"
  if wait_for 60 '[ -z "$(squeue -h -j "${J1}_$VICTIM" 2>/dev/null)" ]'; then
    ok "scancel ${J1}_$VICTIM: the task ended while $victim_run was training"
  else
    bad "task ${J1}_$VICTIM still in the queue 60 s after scancel"
  fi
else
  bad "$victim_run never started training in task ${J1}_$VICTIM ($(squeue -h 2>&1 | head -3))"
fi
status_mid=$(node dist/src/cli/main.js sweep --status "$T/slurm")
echo "$status_mid" | sed 's/^/  /'
echo "$status_mid" | grep -q "^$victim_run  *stopped" && ok "--status shows $victim_run stopped after the cancel" ||
  bad "--status does not show $victim_run stopped"

# ---- resubmit the same file: finished runs are skipped, runs still training elsewhere left to their task
J2=$(submit) && [ -n "$J2" ] || { bad "second sbatch failed"; exit 1; }
JOBS+=("$J2")
say "resubmitted as job array $J2"
if wait_for 300 '[ -z "$(squeue -h -j "$J1,$J2" 2>/dev/null)" ]'; then
  ok "both arrays finished in $((SECONDS - t0)) s"
else
  bad "jobs still queued or running after 300 s: $(squeue -h 2>&1 | head -5)"
fi

# ---- what Slurm says, what the runs say
for j in "$J1" "$J2"; do
  scontrol -o show job "$j" 2>/dev/null | sed -E 's/.*JobId=([0-9]+) ArrayJobId=([0-9]+) ArrayTaskId=([0-9]+).*JobState=([A-Z_]+).*ExitCode=([0-9:]+).*/\2_\3 \4 exit \5/' |
    sed 's/^/  /'
done
vout=$T/out/slurm-${J1}_$VICTIM.out
if grep -q "^$victim_run: stopped after" "$vout" 2>/dev/null; then
  ok "the cancelled task's sweep stopped its run at a checkpoint (SIGTERM), as in a preemption"
else
  bad "the cancelled task's output does not say it stopped $victim_run: $(tail -3 "$vout" 2>&1)"
fi
stopped_at=$(sed -nE 's/^SIGTERM: checkpoint written at step ([0-9]+).*/\1/p' "$vd/log.txt" | head -1)
resumed_at=$(sed -nE 's/^resumed .* at step ([0-9]+) of ([0-9]+).*/\1/p' "$vd/log.txt" | head -1)
if [ -n "$stopped_at" ] && [ "$stopped_at" = "$resumed_at" ] && [ "$stopped_at" -lt 150 ]; then
  ok "$victim_run was stopped at step $stopped_at of 150 and resumed there"
else
  bad "$victim_run: no stop and resume at the same step before 150 in its log.txt (stop ${stopped_at:-none}, resume ${resumed_at:-none})"
fi
for id in $RUNS; do
  if [ ! -f "$T/slurm/$id/analysis.json" ]; then
    bad "$id: not trained and analysed under Slurm"
  elif cmp -s "$T/local/$id/model.safetensors" "$T/slurm/$id/model.safetensors"; then
    ok "$id: model.safetensors byte-equal to the run without Slurm"
  else
    bad "$id: model.safetensors differs from the run without Slurm"
  fi
done
status_end=$(node dist/src/cli/main.js sweep --status "$T/slurm")
n=$(echo "$RUNS" | wc -w)
echo "$status_end" | tail -1 | grep -q ": $n runs: $n done, 0 running, 0 stopped, 0 not started" &&
  ok "--status: $(echo "$status_end" | tail -1)" || bad "--status at the end: $(echo "$status_end" | tail -1)"
ls "$T"/slurm/*/running.json >/dev/null 2>&1 && bad "a lock was left behind" || ok "no lock left behind"
