# Turns bench.sh's "| figure (goal G) | measured |" rows into the four
# columns the report has: figure, goal, measured, machine.
BEGIN { FS = " \\| " }
/^\| figure \| measured \|$/ { print "| figure | goal | measured | machine |"; next }
/^\|---\|---\|$/ { print "|---|---|---|---|"; next }
/^\| machine \| / { next }
/^\| / {
  label = substr($1, 3); measured = $2; sub(/ \|$/, "", measured)
  goal = "-"
  if (match(label, /goal:? [^;)]*/)) {
    goal = substr(label, RSTART, RLENGTH); sub(/^goal:? /, "", goal)
    label = substr(label, 1, RSTART - 1) substr(label, RSTART + RLENGTH)
    gsub(/; \)/, ")", label); gsub(/ \(\)/, "", label); gsub(/\(; /, "(", label)
  }
  print "| " label " | " goal " | " measured " | " machine " |"
  next
}
{ print }
