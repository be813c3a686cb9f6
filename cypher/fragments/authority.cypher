// fragment: authority(o, r)
// The registering-authority group of organization o based in region r: USCC digits 3-8 and registered_at (read from the digits when missing), e.g. '330106 county'; a filed community organization's township, e.g. '330106002 township'.
CASE WHEN o.kind IN {{registered_kinds}}
     THEN substring(o.org_id, 2, 6) + ' ' + coalesce(o.registered_at,
            CASE WHEN substring(o.org_id, 4, 4) = '0000' THEN 'province'
                 WHEN substring(o.org_id, 6, 2) = '00' THEN 'city' ELSE 'county' END)
     ELSE left(r.code, 9) + ' township' END
