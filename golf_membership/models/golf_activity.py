"""Activities that date-driven rules give to the next person who must act."""


def schedule_activity_once(records, activity_xmlid, group_xmlid, note):
    """Give each record one open activity of the type ``activity_xmlid``, assigned to the responsible
    user of ``group_xmlid`` in the record's company; records already holding one are left alone, so a
    daily rule can run twice the same day. ``note`` builds the activity's text from a record."""
    if not records:
        return
    activity_type = records.env.ref(activity_xmlid)
    already = set(records.activity_ids.filtered(lambda a: a.activity_type_id == activity_type).mapped("res_id"))
    responsible = {}
    for record in records.filtered(lambda r: r.id not in already):
        company = record.company_id
        if company not in responsible:
            responsible[company] = company._golf_responsible_user(group_xmlid)
        record.activity_schedule(activity_type_id=activity_type.id, user_id=responsible[company].id,
                                 note=note(record))
