from odoo import api, fields, models


class GolfNotificationLog(models.Model):
    """Which member notification was sent for which event of which record: the mark that lets an event be
    told once, however often the action or the daily job that raised it runs again.

    An event is one (record, event, day): a membership suspended, reinstated and suspended again on another
    day is told each time; the same event raised twice the same day is told once."""

    _name = "golf.notification.log"
    _description = "Member Notification Sent"
    _order = "id desc"

    res_model = fields.Char(string="Document Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(string="Document", model_field="res_model", required=True, readonly=True)
    event = fields.Char(required=True, readonly=True)
    date = fields.Date(required=True, readonly=True)
    template_id = fields.Many2one("mail.template", readonly=True, ondelete="set null")
    message_id = fields.Many2one("mail.message", readonly=True, ondelete="set null")

    _event_uniq = models.UniqueIndex("(res_model, res_id, event, date)")

    @api.model
    def _send_once(self, records, event, template_xmlid, threads=None):
        """Tell the member of ``event`` on ``records``, once: ``template_xmlid`` is posted as a comment
        (e-mailed to its recipients, in their language, and kept in the chatter) on each thread of
        ``threads(records)`` (default: the records themselves), leaving out the records already told of
        this event today. Returns the records told. A template the club deleted sends nothing."""
        if not records:
            return records
        today = fields.Date.context_today(self)
        done = self.sudo().search([
            ("res_model", "=", records._name), ("res_id", "in", records.ids), ("event", "=", event),
            ("date", "=", today),
        ])
        told = set(done.mapped("res_id"))
        records = records.filtered(lambda record: record.id not in told)
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not records or not template:
            return records.browse()
        thread_of = {record: (threads(record) if threads else record)[:1] for record in records}
        messages = self._post_template(threads(records) if threads else records, template)
        message_of = {message.res_id: message for message in messages}
        self.sudo().create([
            {
                "res_model": records._name,
                "res_id": record.id,
                "event": event,
                "date": today,
                "template_id": template.id,
                "message_id": message_of.get(thread.id, self.env["mail.message"]).id,
            }
            for record, thread in thread_of.items()
        ])
        return records

    @api.model
    def _post_template(self, threads, template):
        """Post ``template`` on each of ``threads`` as a comment, rendered for all of them at once (each in
        its recipient's language): the recipients get it by e-mail, followers too, and it stays in the
        chatter."""
        if not threads:
            return self.env["mail.message"]
        # Sent by the module's rule, whoever's action raised the event (as the workflow writes its states).
        composer = self.env["mail.compose.message"].sudo().with_context(
            default_composition_mode="comment",
            default_model=threads._name,
            default_res_ids=threads.ids,
            default_template_id=template.id,
        ).create({
            "message_type": "comment",
            "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment"),
        })
        return composer._action_send_mail()[1]
