// fragment: agency_active(o)
// Organization o is a social-work agency (民办社会工作服务机构) active on asOf.
o.social_work_agency = true AND {{org_active(o)}}
