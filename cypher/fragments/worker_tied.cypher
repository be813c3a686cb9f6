// fragment: worker_tied(c)
// A licensed social worker holds an active post at an organization in community c (linkage's `linked`).
EXISTS {
  {{org_in(o, c)}}
  {{worker_at(w, o)}}
}
