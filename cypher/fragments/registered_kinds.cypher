// fragment: registered_kinds
// The kinds of registered social organization (filed community organizations aside).
['social_group', 'social_service', 'foundation']
