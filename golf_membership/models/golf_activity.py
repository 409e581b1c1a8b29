"""Activities that date-driven rules give to the next person who must act."""


def for_reader(record, user):
    """``record`` in the language of ``user``: a to-do is read by the person it is given to, so its text is
    written in their language, not in the language of whoever triggered it."""
    return record.with_context(lang=user.lang or record.env.lang)


def schedule_activity_once(records, activity_xmlid, group_xmlid, note):
    """Give each record one open activity of the type ``activity_xmlid``, assigned to the responsible
    user of ``group_xmlid`` in the record's company; records already holding one are left alone, so a
    daily rule can run twice the same day. ``note`` builds the activity's text from a record (given in the
    language of the user who receives the to-do)."""
    if not records:
        return
    activity_type = records.env.ref(activity_xmlid)
    already = set(records.activity_ids.filtered(lambda a: a.activity_type_id == activity_type).mapped("res_id"))
    responsible = {}
    for record in records.filtered(lambda r: r.id not in already):
        company = record.company_id
        if company not in responsible:
            responsible[company] = company._golf_responsible_user(group_xmlid)
        user = responsible[company]
        record.activity_schedule(activity_type_id=activity_type.id, user_id=user.id,
                                 note=note(for_reader(record, user)))
