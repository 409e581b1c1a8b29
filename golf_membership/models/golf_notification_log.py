import logging

from odoo import api, fields, models

from .golf_activity import schedule_activity_once
from .golf_isolation import process_isolated
from .golf_workflow_mixin import CLERK

_logger = logging.getLogger(__name__)

# The scheduled action that sends the notices the daily rules queue (see GolfNotificationLog._cron_send_queued).
NOTICES_CRON = "golf_membership.ir_cron_golf_send_notices"
# Notices sent, then committed, at a time by that job.
NOTICES_BATCH_SIZE = 100


class GolfNotificationLog(models.Model):
    """Which member notification was sent for which event of which record: the mark that lets an event be
    told once, however often the action or the daily job that raised it runs again.

    An event is one (record, event, day): a membership suspended, reinstated and suspended again on another
    day is told each time; the same event raised twice the same day is told once.

    The daily rules that may raise thousands of events at once (late fees R-6.3, payment reminders R-6.1)
    queue their notices: the event is marked at once (so it is told once) and the notices job sends it right
    after, in batches it commits, within its time budget. The rule does not wait for the e-mails, and a
    notice that cannot be sent (a template the club broke) is marked as failed with its reason instead of
    undoing the rule."""

    _name = "golf.notification.log"
    _description = "Member Notification Sent"
    _order = "id desc"

    res_model = fields.Char(string="Document Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(string="Document ID", model_field="res_model", required=True, readonly=True)
    event = fields.Char(required=True, readonly=True)
    date = fields.Date(required=True, readonly=True)
    template_id = fields.Many2one("mail.template", readonly=True, ondelete="set null")
    message_id = fields.Many2one("mail.message", readonly=True, ondelete="set null")
    state = fields.Selection(
        [("queued", "To Send"), ("sent", "Sent"), ("failed", "Failed")],
        string="Status", required=True, default="sent", readonly=True,
    )
    error = fields.Text(string="Reason Not Sent", readonly=True)
    document_ref = fields.Reference(
        string="Document", selection="_selection_document_model", compute="_compute_document_ref",
    )

    _event_uniq = models.UniqueIndex("(res_model, res_id, event, date)")
    _queued_idx = models.Index("(id) WHERE state = 'queued'")

    @api.model
    def _selection_document_model(self):
        return [(model.model, model.name) for model in self.env["ir.model"].sudo().search([("transient", "=", False)])]

    @api.depends("res_model", "res_id")
    def _compute_document_ref(self):
        for log in self:
            log.document_ref = f"{log.res_model},{log.res_id}" if log.res_model in self.env else False

    @api.model
    def _send_once(self, records, event, template_xmlid, threads=None, queue=False):
        """Tell the member of ``event`` on ``records``, once: ``template_xmlid`` is posted as a comment
        (e-mailed to its recipients, in their language, and kept in the chatter) on each thread of
        ``threads(records)`` (default: the records themselves), leaving out the records already told of
        this event today. With ``queue``, the notices are sent by the notices job (see the class; the threads
        are the records). Returns the records told. A template the club deleted sends nothing."""
        records = self._not_told_today(records, event)
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not records or not template:
            return records.browse()
        if queue:
            self.sudo().create([self._prepare_log_vals(record, event, template, state="queued") for record in records])
            cron = self.env.ref(NOTICES_CRON, raise_if_not_found=False)
            if cron:
                cron.sudo()._trigger()
            else:  # deleted: the rule goes on, its notices wait in Member Notices
                _logger.warning("The scheduled action %s is missing: golf notices stay queued", NOTICES_CRON)
            return records
        thread_of = {record: (threads(record) if threads else record)[:1] for record in records}
        messages = self._post_template(threads(records) if threads else records, template)
        message_of = {message.res_id: message for message in messages}
        self.sudo().create([
            self._prepare_log_vals(record, event, template, message=message_of.get(thread.id))
            for record, thread in thread_of.items()
        ])
        return records

    @api.model
    def _not_told_today(self, records, event):
        """``records`` without those already told of ``event`` today (sent or to send)."""
        if not records:
            return records
        done = self.sudo().search([
            ("res_model", "=", records._name), ("res_id", "in", records.ids), ("event", "=", event),
            ("date", "=", fields.Date.context_today(self)),
        ])
        told = set(done.mapped("res_id"))
        return records.filtered(lambda record: record.id not in told)

    @api.model
    def _prepare_log_vals(self, record, event, template, message=None, state="sent"):
        return {
            "res_model": record._name,
            "res_id": record.id,
            "event": event,
            "date": fields.Date.context_today(self),
            "template_id": template.id,
            "message_id": message.id if message else False,
            "state": state,
        }

    # ------------------------------------------------------------------ the notices job

    @api.model
    def _cron_send_queued(self):
        """The notices job: send the queued notices, oldest first, a batch at a time (committed in the cron),
        until none is left or the cron's time is spent (``ir.cron`` then calls it again)."""
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        Log = self.sudo()
        queued = [("state", "=", "queued")]
        while batch := Log.search(queued, order="id", limit=NOTICES_BATCH_SIZE):
            for logs in batch.grouped(lambda log: (log.res_model, log.template_id)).values():
                logs._send_queued()
            if in_cron and not self.env["ir.cron"]._commit_progress(len(batch), remaining=Log.search_count(queued)):
                return

    def _send_queued(self):
        """Post the template of these queued notices (one model, one template) on their records. A batch that
        fails is sent notice by notice, each in its own savepoint: one that cannot be sent is marked failed
        with the reason, the others are sent (``process_isolated``). A notice whose record or template was deleted
        is marked failed."""
        template = self.template_id
        model = self[:1].res_model
        existing = set(self.env[model].browse(self.mapped("res_id")).exists().ids) if model in self.env else set()
        logs = self.filtered(lambda log: template and log.res_id in existing)
        (self - logs).write({"state": "failed", "error": self.env._("The document or the template was deleted.")})
        process_isolated(logs, lambda batch: batch._post_queued(template), lambda log, error: log._mark_failed(error))

    def _post_queued(self, template):
        if not self:
            return
        records = self.env[self[:1].res_model].browse(self.mapped("res_id"))
        message_of = {message.res_id: message for message in self._post_template(records, template)}
        self.state = "sent"
        for log in self:
            log.message_id = message_of.get(log.res_id, self.env["mail.message"])

    def _mark_failed(self, error):
        """Record why this notice could not be sent, and give member services a to-do on the document: the
        member was not told."""
        _logger.warning("Golf notice %s on %s,%s could not be sent: %s", self.event, self.res_model, self.res_id, error)
        self.write({"state": "failed", "error": str(error)})
        template_name = self.template_id.name
        schedule_activity_once(
            self.env[self.res_model].browse(self.res_id).sudo(), "golf_membership.mail_act_golf_notice_failed", CLERK,
            lambda record: record.env._(
                "The e-mail \"%(template)s\" could not be sent to the member: tell them another way, and ask your "
                "administrator to check the template. Reason: %(reason)s",
                template=template_name, reason=error,
            ),
        )

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
