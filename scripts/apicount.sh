#!/bin/sh
# apicount.sh counts the exported API of every library package of the module
# (every package whose name is not main), as `go doc -all` prints it.
#
# Usage: scripts/apicount.sh [package patterns…]   (default ./...)
#
# Columns, per package:
#   idents  exported identifiers declared at package level, plus methods:
#           each name in a const or var declaration (grouped or not), each
#           func, each type, and each method of an exported type. This is the
#           number issue 12 targets ("about 110 or fewer" for experiment).
#   fields  exported struct fields and interface methods listed inside the
#           exported types' declarations (not part of idents).
# Unexported names never appear in `go doc -all` output, so they are not
# counted; nor are names of examples (package main) or test files.
set -eu
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- ./...
printf '%-58s %6s %6s\n' package idents fields
for pkg in $(go list -f '{{if ne .Name "main"}}{{.ImportPath}}{{end}}' "$@"); do
	go doc -all "$pkg" | awk -v pkg="$pkg" '
	# names returns how many identifiers the declaration text s names:
	# "A, B = …" or "A, B T" count two.
	function names(s,   n) {
		sub(/[ \t]*(=|\/\/).*/, "", s)      # drop value and comment
		n = split(s, parts, ",")
		return n
	}
	BEGIN { block = ""; ids = 0; fields = 0 }
	block == "paren" && /^\)/ { block = ""; next }
	block == "brace" && /^}/  { block = ""; next }
	block == "paren" {
		if ($0 ~ /^\t[A-Z]/) { line = $0; sub(/^\t/, "", line); ids += names(line) }
		next
	}
	block == "brace" {
		if ($0 ~ /^\t[A-Z]/) fields++
		next
	}
	/^(const|var) \($/ { block = "paren"; next }
	/^(const|var) [A-Z]/ { line = $0; sub(/^(const|var) /, "", line); ids += names(line); next }
	/^func / { ids++; next }
	/^type [A-Z]/ {
		ids++
		if ($0 ~ /(struct|interface) \{$/) block = "brace"
		next
	}
	END { printf "%-58s %6d %6d\n", pkg, ids, fields }'
done
