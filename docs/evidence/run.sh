#!/usr/bin/env bash
# The evidence sweeps of docs/evidence/README.md, one step per argument:
#
#   bash docs/evidence/run.sh fields corrected reference sign ablations large initial diagonal report
#
# Every step resumes: rerunning a step skips the runs already stored. The
# sweep folders go under docs/evidence/ (their trained networks, runs/*.npz,
# are not committed: rerunning the step reproduces them bit for bit on the
# same BLAS kernel). Environment:
#   CORTEXRNN_MICRONS  folder holding the MICrONS fields (required)
#   CX                 the cortexrnn command (default: go run ./cmd/cortexrnn)
#   J                  runs trained in parallel (default: the number of cores)
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${CORTEXRNN_MICRONS:?set CORTEXRNN_MICRONS to the folder holding the MICrONS fields}"
CX=${CX:-go run ./cmd/cortexrnn}
J=${J:-$(nproc)}
M=$CORTEXRNN_MICRONS
E=docs/evidence
# The corrected preset with all its controls: the published eleven, the
# scale-matched random (Wr…), log-normal-only (Wl…) and resampled-biological
# (Wb…) initialisations.
controls='paper,scale-matched,lognormal,WbDsC,WbDsCs'

step() {
	echo "== $* ($(date -u +%FT%TZ))"
	local t0=$SECONDS
	"$@"
	echo "== done in $((SECONDS - t0)) s"
}

for what in "$@"; do
	case $what in
	fields) # the corrected preset on the three smaller fields, 20 simulations
		for f in 4_7_2 5_3_8 6_6_8; do
			step $CX run -preset corrected -field "$M/$f" -variants "$controls" -j "$J" -out $E/corrected
		done ;;
	corrected) # the corrected preset on 6_6_2, 20 simulations
		step $CX run -preset corrected -field "$M/6_6_2" -variants "$controls" -j "$J" -out $E/corrected ;;
	reference) # the published code under the published dataset design (shared trial sets)
		step $CX run -preset reference -field "$M/6_6_2" -j "$J" -out $E/reference ;;
	sign) # the positive-only arm of the published code, diverging variants included
		step $CX run -preset reference -sign -field "$M/6_6_2" -j "$J" -out $E/reference ;;
	ablations) # each correction switched alone from the reference sweep (needs it finished)
		for c in DataSharing ReshapeCoordinates ZeroStrengthEpsilon UnscaledL1 GridScaling AccuracySource; do
			step $CX ablate -base $E/reference/6_6_2_sttc-corr -correction $c -j "$J" -out $E/ablations
		done ;;
	large) # the largest field, N = 632, with 5 simulations
		step $CX run -preset corrected -field "$M/9_3_2" -variants "$controls" -sims 5 -j "$J" -out $E/corrected-5sims ;;
	diagonal) # the biological matrix split at its diagonal, on four fields, 20 simulations
		for f in 4_7_2 5_3_8 6_6_8 6_6_2; do
			step $CX run -preset corrected -field "$M/$f" -variants 'W*D*C,WdD*C,WoD*C' -j "$J" -out $E/diagonal
		done
		# shellcheck disable=SC2046
		step $CX evidence -out $E/diagonal/evidence.md $(ls -d $E/diagonal/*_sttc-corr/) ;;
	initial) # what the controls keep: statistics of every initialisation's W_rec, untrained, per field
		mkdir -p $E/initial
		for f in 4_7_2 5_3_8 6_6_2 6_6_8; do
			echo "== initial $f" >&2
			$CX initial -field "$M/$f" -variants "$controls" -csv $E/initial/$f.csv > $E/initial/$f.txt
		done
		echo "== initial 9_3_2 (5 simulations, as the large sweep)" >&2
		$CX initial -field "$M/9_3_2" -variants "$controls" -sims 5 -csv $E/initial/9_3_2.csv > $E/initial/9_3_2.txt ;;
	report) # one report over every finished folder; an unfinished one is named in it and left out
		# shellcheck disable=SC2046
		step $CX evidence -skip-unfinished -out $E/evidence.md $(ls -d $E/reference/*/ $E/corrected/*/ $E/corrected-5sims/*/ $E/ablations/*/*/ 2>/dev/null) ;;
	*) echo "run.sh: unknown step $what (fields, corrected, reference, sign, ablations, large, initial, diagonal, report)" >&2; exit 2 ;;
	esac
done
