from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .golf_activity import for_reader
from .golf_membership_change_mixin import ACTIVITY_CARD_RETURN
from .golf_membership_fee_mixin import FEE_WORKFLOW_FIELDS
from .golf_membership_review_mixin import REVIEW_WORKFLOW_FIELDS
from .golf_membership_transfer import TRANSFER_STATES
from .golf_workflow_mixin import CLERK, DIRECTOR, SUPERVISOR, Transition

# the old nominee hands back the joining documents; the bag tag and the certificate belong to the
# company's membership.
NOMINEE_CARD_TYPES = ("temporary", "member")

# the company's application is filed by member services, reviewed by the department heads and
# decided by the marketing director; member services complete the change once the rename fee is paid.
NOMINEE_CHANGE_TRANSITIONS = (
    Transition("submit", ("draft",), "submitted", (CLERK,)),
    Transition("review", ("submitted",), None, (SUPERVISOR,), guard="_review_refusal"),
    Transition("approve", ("submitted",), "approved", (DIRECTOR,), guard="_approval_refusal"),
    Transition("reject", ("submitted",), "rejected", (DIRECTOR,)),
    Transition("cancel", ("draft", "submitted", "approved"), "cancelled", (CLERK,)),
    Transition("done", ("approved",), "done", (CLERK,)),
    Transition("send_memo", ("done",), None, (CLERK,)),
)


class GolfMembershipNomineeChange(models.Model):
    """A company replaces the nominee of its corporate membership (R-5)."""

    _name = "golf.membership.nominee.change"
    _description = "Corporate Nominee Change"
    _inherit = ["golf.membership.fee.mixin", "golf.membership.review.mixin"]
    _fee_type = "rename_fee"
    _order = "date_request desc, id desc"
    _workflow_transitions = NOMINEE_CHANGE_TRANSITIONS
    _membership_states = ("active",)
    _workflow_fields = (*FEE_WORKFLOW_FIELDS, *REVIEW_WORKFLOW_FIELDS, "date_done", "memo_sent")
    _workflow_draft_fields = (
        "membership_id", "date_request", "old_nominee_id", "new_nominee_id", "application_signed", "fee_amount",
    )

    date_request = fields.Date(string="Application Date", required=True, default=fields.Date.context_today,
                               tracking=True)
    old_nominee_id = fields.Many2one(
        "res.partner", compute="_compute_old_nominee_id", store=True, readonly=False,
        precompute=True, tracking=True, check_company=True,
    )
    new_nominee_id = fields.Many2one("res.partner", required=True, tracking=True,
                                     check_company=True)
    state = fields.Selection(TRANSFER_STATES, default="draft", required=True, tracking=True, index=True, copy=False)
    application_signed = fields.Boolean(
        string="Application Signed and Stamped", tracking=True, copy=False,
        help="The nominee change application (团体会籍更换提名人申请表), signed by an authorised person "
        "and stamped with the company seal.",
    )
    documents_returned = fields.Boolean(
        string="Old Nominee's Documents Returned", tracking=True, copy=False,
        help="Member card, confirmation letter, contract and charter handed back (not the joining gift).",
    )
    loss_declaration = fields.Boolean(
        tracking=True, copy=False,
        help="The company declares the old nominee's documents lost (遗失声明) instead of returning them.",
    )
    # the new nominee's application, photos and ID copy, filled in when the change is submitted.
    document_ids = fields.One2many("golf.membership.document", "nominee_change_id", string="New Nominee's Documents")
    attachment_ids = fields.Many2many(
        "ir.attachment", "golf_membership_nominee_change_attachment_rel", "change_id", "attachment_id",
        string="Scanned Documents",
    )
    date_done = fields.Date(string="Changed On", readonly=True, copy=False, tracking=True)
    memo_sent = fields.Boolean(string="Internal Memo Sent", readonly=True, copy=False)

    can_done = fields.Boolean(compute="_compute_workflow_buttons")

    # ------------------------------------------------------------------ computes

    @api.depends("membership_id")
    def _compute_fee_amount(self):
        for change in self:
            change.fee_amount = change.membership_id.type_id.rename_fee

    @api.depends("membership_id")
    def _compute_old_nominee_id(self):
        # Only on the membership: the old nominee stays on record once the new one replaces him.
        for change in self:
            change.old_nominee_id = change.membership_id.nominee_id

    @api.constrains("new_nominee_id", "old_nominee_id", "membership_id")
    def _check_new_nominee(self):
        """R-1.2 / R-5.1: the new nominee is another person of the company holding the membership."""
        for change in self:
            if change.new_nominee_id == change.old_nominee_id:
                raise ValidationError(self.env._("The new nominee must be another person than the old one."))
            if change.new_nominee_id.is_company or (
                change.new_nominee_id.commercial_partner_id != change.membership_id.partner_id.commercial_partner_id
            ):
                raise ValidationError(self.env._(
                    "The new nominee %(nominee)s must be a person belonging to the company %(company)s.",
                    nominee=change.new_nominee_id.display_name, company=change.membership_id.partner_id.display_name,
                ))

    # ------------------------------------------------------------------ helpers

    def _fee_label(self):
        return self.env._("Rename fee %(name)s: nominee of %(membership)s from %(old)s to %(new)s",
                          name=self.name, membership=self.membership_id.name,
                          old=self.old_nominee_id.name or "", new=self.new_nominee_id.name)

    def _old_nominee_cards(self):
        self.ensure_one()
        return self.membership_id.card_ids.filtered(
            lambda c: c.card_type in NOMINEE_CARD_TYPES and c.partner_id == self.old_nominee_id
            and c.state in ("to_issue", "issued", "delivered")
        )

    # ------------------------------------------------------------------ actions

    def _check_submission(self):
        """R-5.1: the company's signed and stamped application, for a corporate membership."""
        for change in self:
            if change.membership_id.kind != "corporate":
                raise UserError(self.env._("%(name)s: only a corporate membership has a nominee to change.",
                                           name=change.display_name))
            if not change.application_signed:
                raise UserError(self.env._(
                    "%(name)s: the application must be signed by an authorised person and stamped with the company "
                    "seal.", name=change.display_name,
                ))
            if change.old_nominee_id != change.membership_id.nominee_id:
                raise UserError(self.env._("%(name)s: %(old)s is no longer the nominee of %(membership)s.",
                                           name=change.display_name, old=change.old_nominee_id.display_name,
                                           membership=change.membership_id.display_name))
        self._check_no_pending()

    def _review_note(self):
        return self.env._("Approve or reject the change of nominee.")

    def _department_review_note(self):
        return self.env._("Review the nominee change application before the marketing director decides.")

    def action_submit(self):
        """R-5.3: the new nominee's documents become the change's checklist when it is filed."""
        super().action_submit()
        self.env["golf.membership.document"]._ensure_change_checklist(self)
        return True

    def _after_approval(self):
        """R-5.1 / R-5.4: reviewed by the department heads and approved by the director; the rename fee is
        invoiced."""
        self._create_fee_invoices()
        for change in self:
            clerk = change.company_id._golf_responsible_user(CLERK)
            reader = for_reader(change, clerk)
            reader.activity_schedule(
                ACTIVITY_CARD_RETURN, user_id=clerk.id,
                note=reader.env._(
                    "Collect the old nominee's documents (or the loss declaration) and the new nominee's "
                    "documents; complete the change once the rename fee is paid."
                ),
            )

    def action_done(self):
        """R-5.2 to R-5.5: from the day the fee is paid the new nominee replaces the old one, who stays in the
        nominee history; a new card is made; no new confirmation letter or contract."""
        self._check_action("done")
        self._check_membership_state()
        self._check_fee_paid()
        for change in self:
            if not (change.documents_returned or change.loss_declaration):
                raise UserError(self.env._(
                    "%(name)s: the old nominee's documents must be returned, or the company must give a loss "
                    "declaration.", name=change.display_name,
                ))
            missing = change.document_ids.filtered(lambda d: d.required and not d.received)
            if missing:
                raise UserError(self.env._(
                    "%(name)s: the new nominee's documents are not all received: %(documents)s.",
                    name=change.display_name, documents=", ".join(missing.mapped("name")),
                ))
        for change in self:
            change._change_nominee()
        self.activity_feedback([ACTIVITY_CARD_RETURN])
        self.action_send_memo()
        return True

    def _change_nominee(self):
        self.ensure_one()
        membership = self.membership_id
        date = self.date_fee_paid or fields.Date.context_today(self)
        old_cards = self._old_nominee_cards()
        not_made = old_cards.filtered(lambda c: c.state == "to_issue")
        held = old_cards - not_made
        not_made._cancel_cards()
        # handed back, or declared lost by the company.
        if self.documents_returned:
            held._apply_action("return", date_returned=date)
        else:
            held._apply_action("lost")
        # The old nominee's spouse and children lose their cards with him.
        self._close_membership_extras_of_dependents(membership, date)
        membership.sudo().nominee_id = self.new_nominee_id
        # the old nominee's line becomes history, the new nominee's starts.
        self.env["golf.membership.nominee"]._replace(self, date)
        company = membership.company_id
        self.env["golf.membership.card"].sudo().create(
            membership._prepare_card_vals("member", company._golf_add_working_days(date, company.golf_card_days))
        )
        self._apply_action("done", date_done=date)
        membership.message_post(body=self.env._(
            "Nominee changed on %(date)s (%(name)s): %(new)s replaces %(old)s; a new member card is made, no new "
            "confirmation letter or contract.",
            date=date, name=self.name, new=self.new_nominee_id.display_name, old=self.old_nominee_id.display_name,
        ))
        sales_rep = membership.user_id or self.env.user
        reader = for_reader(membership, sales_rep)
        reader.activity_schedule(
            "golf_membership.mail_act_golf_card_follow_up", user_id=sales_rep.id,
            note=reader.env._("Hand over the new member card to %(nominee)s.",
                              nominee=self.new_nominee_id.display_name),
        )

    def _close_membership_extras_of_dependents(self, membership, date):
        dependents = membership.dependent_ids.filtered(lambda d: d.state != "cancelled")
        if dependents:
            dependents._apply_action("end", date_end=date)
            dependents.card_ids.filtered(lambda c: c.state == "to_issue")._cancel_cards()

    def action_send_memo(self):
        """R-5.5: an internal memo (内部通函) tells the other departments of the new nominee."""
        self._check_action("send_memo")
        template = self.env.ref("golf_membership.mail_template_memo_nominee_change")
        for change in self:
            change.message_post_with_source(
                template, message_type="comment", subtype_xmlid="mail.mt_comment",
                partner_ids=change.company_id.golf_memo_partner_ids.ids,
            )
            change._apply_action("send_memo", memo_sent=True)
        return True
