// fragment: worker_tied(c)
// A licensed social worker holds an active post at an active organization in community c (the linkage tie).
EXISTS {
  {{org_in(o, c)}}
  {{worker_at(w, o)}}
}
