from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .golf_activity import for_reader
from .golf_membership_change_mixin import ACTIVITY_CARD_RETURN
from .golf_membership_fee_mixin import FEE_WORKFLOW_FIELDS
from .golf_membership_review_mixin import REVIEW_WORKFLOW_FIELDS
from .golf_workflow_mixin import CLERK, COMMITTEE, SUPERVISOR, Transition

TRANSFER_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("done", "Done"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]
# what the transferor hands back; bag tags stay with the bag.
RETURNED_CARD_TYPES = ("temporary", "member", "dependent", "certificate")

# marketing files the approval form, the department heads review it, the review committee
# decides, member services complete the transfer once the fee is paid and the cards are back.
TRANSFER_TRANSITIONS = (
    Transition("submit", ("draft",), "submitted", (CLERK,)),
    Transition("review", ("submitted",), None, (SUPERVISOR,), guard="_review_refusal"),
    Transition("approve", ("submitted",), "approved", (COMMITTEE,), guard="_approval_refusal"),
    Transition("reject", ("submitted",), "rejected", (COMMITTEE,)),
    Transition("cancel", ("draft", "submitted", "approved"), "cancelled", (CLERK,)),
    Transition("done", ("approved",), "done", (CLERK,)),
    Transition("send_memo", ("done",), None, (CLERK,)),
)
# What the member's side applied with: fixed once the request is filed.
TRANSFER_DRAFT_FIELDS = (
    "membership_id", "transferee_id", "transferee_nominee_id", "date_notice", "date_effective",
    "declaration_received", "confirmation_received", "fee_payer", "fee_amount",
)


class GolfMembershipTransfer(models.Model):
    """A member transfers the membership to someone else (R-4): the old file becomes historical and a new
    membership starts for the transferee."""

    _name = "golf.membership.transfer"
    _description = "Membership Transfer"
    _inherit = ["golf.membership.fee.mixin", "golf.membership.review.mixin"]
    _fee_type = "transfer_fee"
    _order = "date_notice desc, id desc"
    _workflow_transitions = TRANSFER_TRANSITIONS
    _membership_states = ("active",)
    _workflow_fields = (*FEE_WORKFLOW_FIELDS, *REVIEW_WORKFLOW_FIELDS, "date_done", "new_membership_id", "memo_sent")
    _workflow_draft_fields = TRANSFER_DRAFT_FIELDS

    transferee_id = fields.Many2one(
        "res.partner", required=True, tracking=True, index=True, check_company=True,
    )
    transferee_nominee_id = fields.Many2one(
        "res.partner", string="Transferee's Nominee", tracking=True, check_company=True,
        help="The person who will use a corporate membership taken over by a company.",
    )
    date_notice = fields.Date(
        string="Declaration Received", required=True, default=fields.Date.context_today, tracking=True,
        help="The day the written transfer declaration (会籍转让申明) was delivered.",
    )
    date_effective = fields.Date(string="Transfer Date", required=True, tracking=True)
    state = fields.Selection(TRANSFER_STATES, default="draft", required=True, tracking=True, index=True, copy=False)
    declaration_received = fields.Boolean(
        string="Transfer Declaration Received", tracking=True, copy=False,
        help="The transferor's signed transfer declaration (会籍转让申明).",
    )
    confirmation_received = fields.Boolean(
        string="Transfer Confirmation Received", tracking=True, copy=False,
        help="The transfer confirmation (会籍转让确认书) filled and signed or stamped by the transferee.",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment", "golf_membership_transfer_attachment_rel", "transfer_id", "attachment_id",
        string="Scanned Documents",
    )
    fee_payer = fields.Selection(
        [("transferee", "Transferee"), ("transferor", "Transferor")], string="Fee Paid By",
        default="transferee", required=True, tracking=True,
    )
    locker_key_returned = fields.Boolean(
        tracking=True, copy=False,
        help="The transferor hands back the locker key (tick it too when the member had no locker).",
    )
    # the transferee's own application, photos and ID copy, filled in when the transfer is submitted.
    document_ids = fields.One2many("golf.membership.document", "transfer_id", string="Transferee's Documents")
    card_ids = fields.One2many(related="membership_id.card_ids", string="Cards")
    cards_held_count = fields.Integer(compute="_compute_cards_held", string="Cards Not Returned")
    date_done = fields.Date(string="Transferred On", readonly=True, copy=False, tracking=True)
    new_membership_id = fields.Many2one("golf.membership", readonly=True, copy=False,
                                        index="btree_not_null")
    memo_sent = fields.Boolean(string="Internal Memo Sent", readonly=True, copy=False)

    can_done = fields.Boolean(compute="_compute_workflow_buttons")

    # ------------------------------------------------------------------ computes

    @api.depends("membership_id")
    def _compute_fee_amount(self):
        for transfer in self:
            transfer.fee_amount = transfer.membership_id.type_id.transfer_fee

    @api.depends("card_ids.state", "card_ids.card_type")
    def _compute_cards_held(self):
        for transfer in self:
            transfer.cards_held_count = len(transfer._held_cards())

    @api.constrains("transferee_id", "membership_id")
    def _check_transferee(self):
        for transfer in self:
            if transfer.transferee_id.commercial_partner_id == transfer.membership_id.partner_id.commercial_partner_id:
                raise ValidationError(self.env._("A membership cannot be transferred to its own holder."))

    # ------------------------------------------------------------------ helpers

    def _held_cards(self):
        self.ensure_one()
        return self.membership_id.card_ids.filtered(
            lambda c: c.card_type in RETURNED_CARD_TYPES and c.state in ("issued", "delivered")
        )

    def _fee_label(self):
        return self.env._("Transfer fee %(name)s: membership %(membership)s from %(old)s to %(new)s",
                          name=self.name, membership=self.membership_id.name,
                          old=self.membership_id.partner_id.name, new=self.transferee_id.name)

    def _fee_partner(self):
        return self.transferee_id if self.fee_payer == "transferee" else self.membership_id.partner_id

    def _check_rules(self):
        """R-4.1: two years since joining, thirty days' notice, a transferable tier, nothing owed, the
        declaration and the confirmation."""
        for transfer in self:
            transfer._check_eligible()
            transfer._check_notice()
            transfer._check_papers()
            transfer._check_transferee_kind()
        self._check_no_pending()
        self._check_nothing_owed()

    def _check_eligible(self):
        """R-4.1: a transferable tier, held for the company's minimum years."""
        self.ensure_one()
        membership, company = self.membership_id, self.company_id
        if not membership.type_id.transferable:
            raise UserError(self.env._("%(name)s: the tier %(tier)s cannot be transferred.",
                                       name=self.display_name, tier=membership.type_id.name))
        eligible = membership.date_start and membership.date_start + relativedelta(
            years=company.golf_transfer_min_years)
        if not eligible or fields.Date.context_today(self) < eligible:
            raise UserError(self.env._(
                "%(name)s: a membership can be transferred only %(years)s years after it started; "
                "%(membership)s can be transferred from %(date)s.",
                name=self.display_name, years=company.golf_transfer_min_years,
                membership=membership.display_name, date=eligible or "-",
            ))

    def _check_notice(self):
        """R-4.1: the written declaration reached the club the notice days before the transfer, and not later
        than today."""
        self.ensure_one()
        days = self.company_id.golf_transfer_notice_days
        latest_notice = self.date_effective - relativedelta(days=days)
        if self.date_notice > latest_notice:
            raise UserError(self.env._(
                "%(name)s: the written declaration must reach the club at least %(days)s days before the "
                "transfer; for a transfer on %(date)s it was due by %(latest)s.",
                name=self.display_name, days=days, date=self.date_effective, latest=latest_notice,
            ))
        if self.date_notice > fields.Date.context_today(self):
            raise UserError(self.env._("%(name)s: the declaration cannot be dated in the future.",
                                       name=self.display_name))

    def _check_papers(self):
        """R-4.1: the transferor's declaration and the transferee's signed confirmation are in hand."""
        self.ensure_one()
        missing = []
        if not self.declaration_received:
            missing.append(self.env._("the transfer declaration (会籍转让申明)"))
        if not self.confirmation_received:
            missing.append(self.env._("the transfer confirmation signed by the transferee (会籍转让确认书)"))
        if missing:
            raise UserError(self.env._("%(name)s: missing %(documents)s.",
                                       name=self.display_name, documents=", ".join(missing)))

    def _check_transferee_kind(self):
        """A corporate membership goes to a company with its nominee; an individual one to a person."""
        self.ensure_one()
        if self.membership_id.kind == "corporate":
            if not self.transferee_id.is_company or not self.transferee_nominee_id:
                raise UserError(self.env._(
                    "%(name)s: a corporate membership goes to a company, with the person it nominates.",
                    name=self.display_name,
                ))
        elif self.transferee_id.is_company:
            raise UserError(self.env._("%(name)s: an individual membership goes to a person.",
                                       name=self.display_name))

    # ------------------------------------------------------------------ actions

    def _check_submission(self):
        """R-4.1 / R-4.2: marketing files the transfer approval form once every condition holds."""
        self._check_rules()

    def _review_note(self):
        return self.env._("Approve or reject the transfer of membership.")

    def _department_review_note(self):
        return self.env._("Review the transfer approval form before the review committee decides.")

    def action_submit(self):
        """R-4.4: the transferee's documents become the transfer's checklist when it is filed."""
        super().action_submit()
        self.env["golf.membership.document"]._ensure_change_checklist(self)
        return True

    def _after_approval(self):
        """R-4.2: the transfer fee is invoiced once the committee approved."""
        self._create_fee_invoices()
        for transfer in self:
            clerk = transfer.company_id._golf_responsible_user(CLERK)
            reader = for_reader(transfer, clerk)
            reader.activity_schedule(
                ACTIVITY_CARD_RETURN, user_id=clerk.id, date_deadline=transfer.date_effective,
                note=reader.env._(
                    "Collect the member card, certificate and locker key; complete the transfer once the fee is paid."
                ),
            )
            transfer.membership_id.message_post(body=self.env._(
                "Transfer %(name)s to %(transferee)s approved by the review committee.",
                name=transfer.name, transferee=transfer.transferee_id.display_name,
            ))

    def action_done(self):
        """R-4.3 / R-4.5: once the fee is paid and the card, certificate and locker key are back, the old file
        becomes historical and the transferee's membership starts on the day the fee was paid, never before the
        transfer date the declaration announced (R-4.1: its notice runs until then)."""
        self._check_action("done")
        self._check_membership_state()
        self._check_fee_paid()
        today = fields.Date.context_today(self)
        for transfer in self:
            held = transfer._held_cards()
            if held:
                raise UserError(self.env._(
                    "%(name)s: the transferor still holds %(cards)s; they must be returned first.",
                    name=transfer.display_name, cards=", ".join(held.mapped("number")),
                ))
            if not transfer.locker_key_returned:
                raise UserError(self.env._("%(name)s: the locker key is not returned yet.",
                                           name=transfer.display_name))
            missing = transfer.document_ids.filtered(lambda d: d.required and not d.received)
            if missing:
                raise UserError(self.env._(
                    "%(name)s: the transferee's documents are not all received: %(documents)s.",
                    name=transfer.display_name, documents=", ".join(missing.mapped("name")),
                ))
            if transfer.date_effective > today:
                raise UserError(self.env._(
                    "%(name)s: the transfer takes effect on %(date)s, the date the declaration announced; it can "
                    "be completed from that day.", name=transfer.display_name, date=transfer.date_effective,
                ))
        for transfer in self:
            transfer._transfer()
        self.activity_feedback([ACTIVITY_CARD_RETURN])
        self.action_send_memo()
        return True

    def _transfer(self):
        self.ensure_one()
        old = self.membership_id
        date = max(self.date_fee_paid or fields.Date.context_today(self), self.date_effective)
        # Not an application: the new file is made by the completed transfer, already running.
        new = old.sudo().create(self._prepare_new_membership_vals(date)).sudo(False)
        new._golf_start_nominee_history(date)
        company = new.company_id
        card_due = company._golf_add_working_days(date, company.golf_card_days)
        self.env["golf.membership.card"].sudo().create([
            new._prepare_card_vals("member", card_due),
            new._prepare_card_vals("bag_tag", card_due),
            new._prepare_card_vals("certificate", company._golf_add_working_days(date, company.golf_certificate_days)),
        ])
        self._close_membership_extras(old, date)
        old._apply_action("end", historical_reason="transferred", date_end=date, successor_id=new.id)
        self._apply_action("done", date_done=date, new_membership_id=new.id)
        # the transferee's application, photos and ID copy, received, are the new file's checklist.
        self.document_ids.sudo().write({"membership_id": new.id})
        old.message_post(body=self.env._(
            "Transferred to %(transferee)s on %(date)s (%(name)s): this membership is historical; the new one is "
            "%(new)s.", transferee=self.transferee_id.display_name, date=date, name=self.name,
            new=new.name,
        ))
        new.message_post(body=self.env._(
            "Membership taken over from %(old)s (%(membership)s) by transfer %(name)s on %(date)s.",
            old=old.partner_id.display_name, membership=old.name, name=self.name, date=date,
        ))
        sales_rep = new.user_id or self.env.user
        reader = for_reader(new, sales_rep)
        reader.activity_schedule(
            "golf_membership.mail_act_golf_card_follow_up", user_id=sales_rep.id,
            note=reader.env._("Hand over the new card to the transferee and file the membership."),
        )

    def _prepare_new_membership_vals(self, date):
        self.ensure_one()
        old = self.membership_id
        return {
            "partner_id": self.transferee_id.id,
            "nominee_id": self.transferee_nominee_id.id if old.kind == "corporate" else False,
            "type_id": old.type_id.id,
            # Not a sale: the place in the phase stays with the old file, and nothing is owed for it.
            "phase_id": False,
            "price": 0.0,
            "payment_mode": "full",
            "company_id": old.company_id.id,
            "user_id": old.user_id.id,
            "date_application": self.date_notice,
            "key_member": old.key_member,
            "predecessor_id": old.id,
            "state": "active",
            "date_start": date,
            "date_approved": fields.Date.context_today(self),
        }

    def action_send_memo(self):
        """R-4.5: marketing informs the other departments by internal memo (内部通函)."""
        self._check_action("send_memo")
        template = self.env.ref("golf_membership.mail_template_memo_transfer")
        for transfer in self:
            transfer._golf_send_memo(template)
        return True

    def _golf_send_memo(self, template):
        self.ensure_one()
        departments = self.company_id.golf_memo_partner_ids
        self.message_post_with_source(
            template, message_type="comment", subtype_xmlid="mail.mt_comment", partner_ids=departments.ids,
        )
        self._apply_action("send_memo", memo_sent=True)
