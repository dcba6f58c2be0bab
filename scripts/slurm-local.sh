#!/usr/bin/env bash
# A real single-node Slurm cluster on this machine, from Debian's slurm-wlm and munge, for the
# tests that submit job arrays (Tests/PCXTests/SlurmTests.swift) and for trying `pcx slurm`.
# What it takes on these machines (no systemd, cgroup v1) is in ../shared/notes/slurm-on-one-machine.md.
#
#   bash scripts/slurm-local.sh install   apt-get install slurm-wlm munge (root; skipped when present)
#   bash scripts/slurm-local.sh start     install if needed, write the munge key and slurm.conf for
#                                         this host and its CPUs, start munged, slurmctld, slurmd,
#                                         and wait until sinfo shows the node idle
#   bash scripts/slurm-local.sh stop      stop the three daemons (by their pid files)
#   bash scripts/slurm-local.sh status    sinfo and squeue
#
# Runs as root (it writes /etc/slurm and /etc/munge and runs munged as the munge user). Jobs run
# as the submitting user in the directory they were submitted from. State, spool, logs and pid
# files live in $PCX_SLURM_STATE (default /var/lib/pcx-slurm).
set -euo pipefail

STATE=${PCX_SLURM_STATE:-/var/lib/pcx-slurm}
CONF_DIR=/etc/slurm
MUNGE_PID=/run/munge/munged.pid
# How long `start` waits for the node to become idle, and `stop` for the daemons to exit.
WAIT_SECONDS=60

die() { echo "slurm-local: $*" >&2; exit 1; }
need_root() { [ "$(id -u)" -eq 0 ] || die "run as root (it writes $CONF_DIR and starts daemons)"; }
running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

install() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null; then return; fi
  need_root
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # slurm-wlm is slurmctld + slurmd + slurm-client; its recommends (plugin -dev packages) are not needed
  apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
}

start_munge() {
  if running "$MUNGE_PID"; then return; fi
  if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  fi
  chown munge:munge /etc/munge/munge.key
  chmod 0400 /etc/munge/munge.key
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge
  su -s /bin/sh munge -c munged
  munge -n | unmunge >/dev/null || die "munge does not work (munge -n | unmunge failed)"
}

write_config() {
  local host cpus
  host=$(hostname -s)
  cpus=$(nproc)
  mkdir -p "$CONF_DIR" "$STATE/ctld" "$STATE/d"
  cat >"$CONF_DIR/slurm.conf" <<EOF
# written by pcx scripts/slurm-local.sh: one node, this host, all its CPUs
ClusterName=pcx-local
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/d
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=$STATE/slurmctld.log
SlurmdLogFile=$STATE/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
SchedulerType=sched/backfill
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  # slurmd refuses to start without a cgroup plugin; 22.05 has no "disabled", these hosts mount v1
  echo "CgroupPlugin=cgroup/v1" >"$CONF_DIR/cgroup.conf"
}

start() {
  install
  need_root
  start_munge
  write_config
  running "$STATE/slurmctld.pid" || slurmctld
  running "$STATE/slurmd.pid" || slurmd
  local waited=0
  until [ "$(sinfo -h -o %T 2>/dev/null | head -1)" = "idle" ]; do
    waited=$((waited + 1))
    [ "$waited" -le "$WAIT_SECONDS" ] || die "the node is not idle after ${WAIT_SECONDS}s: $(sinfo -h 2>&1 | head -3); see $STATE/slurmctld.log and $STATE/slurmd.log"
    sleep 1
  done
  echo "slurm-local: node $(hostname -s) idle with $(nproc) CPUs (sinfo); stop it with: bash scripts/slurm-local.sh stop"
}

stop_pid() {
  local file=$1 waited=0
  running "$file" || return 0
  local pid
  pid=$(cat "$file")
  kill "$pid"
  while kill -0 "$pid" 2>/dev/null; do
    waited=$((waited + 1))
    [ "$waited" -le "$WAIT_SECONDS" ] || die "process $pid ($file) did not stop"
    sleep 1
  done
}

stop() {
  need_root
  stop_pid "$STATE/slurmd.pid"
  stop_pid "$STATE/slurmctld.pid"
  stop_pid "$MUNGE_PID"
  echo "slurm-local: stopped"
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) sinfo && squeue ;;
  *) die "usage: bash scripts/slurm-local.sh install|start|stop|status" ;;
esac
