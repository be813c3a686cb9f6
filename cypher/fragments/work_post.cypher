// fragment: work_post(o)
// Organization o has a Party liaison or instructor with an active post at it (work coverage).
EXISTS {
  MATCH (:Person)-[h:HOLDS_POST]->(o)
  WHERE h.role IN ['liaison', 'instructor'] AND {{active(h)}}
}
