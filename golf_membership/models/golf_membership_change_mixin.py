from odoo import api, fields, models
from odoo.exceptions import UserError

from .golf_activity import for_reader

ACTIVITY_REVIEW = "golf_membership.mail_act_golf_review"
ACTIVITY_CARD_RETURN = "golf_membership.mail_act_golf_card_return"
# Set by the decisions of every change document.
CHANGE_WORKFLOW_FIELDS = ("date_decision", "decided_by_id")


class GolfMembershipChangeMixin(models.AbstractModel):
    """What every document changing a running membership shares (R-3, R-4, R-5, R-9, R-10): a numbered
    reference, the membership and its company, the chatter, and the checks of who may do what when."""

    _name = "golf.membership.change.mixin"
    _description = "Membership Change Document"
    _inherit = ["golf.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _check_company_auto = True
    _workflow_fields = CHANGE_WORKFLOW_FIELDS
    # The states the membership must be in when the document is filed and when it is decided (None: any).
    _membership_states = None

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram")
    membership_id = fields.Many2one(
        "golf.membership", required=True, ondelete="restrict", index=True, tracking=True,
        check_company=True,
    )
    # The membership's company; on a new document the current company, so that the membership can be chosen.
    company_id = fields.Many2one(
        "res.company", compute="_compute_company_id", store=True, index=True, precompute=True, required=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    holder_id = fields.Many2one(related="membership_id.partner_id", string="Holder")
    membership_type_id = fields.Many2one(related="membership_id.type_id", string="Tier")
    membership_state = fields.Selection(related="membership_id.state", string="Membership Status")
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user, tracking=True,
        domain=[("share", "=", False)],
    )
    decision_note = fields.Text(copy=False, help="Reason of a rejection or a cancellation.")
    date_decision = fields.Date(string="Decided On", readonly=True, copy=False)
    decided_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    can_submit = fields.Boolean(compute="_compute_workflow_buttons")
    can_approve = fields.Boolean(compute="_compute_workflow_buttons")
    can_reject = fields.Boolean(compute="_compute_workflow_buttons")
    can_cancel = fields.Boolean(compute="_compute_workflow_buttons")

    @api.depends("membership_id")
    def _compute_company_id(self):
        for document in self:
            document.company_id = document.membership_id.company_id or document.company_id or self.env.company

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                membership = self.env["golf.membership"].browse(vals.get("membership_id"))
                company = membership.company_id or self.env.company
                vals["name"] = self.env["ir.sequence"].with_company(company).next_by_code(self._name) or "/"
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        """A request that went further than a draft is part of the member's file: cancel or reject it."""
        for document in self:
            if document.state != "draft":
                raise UserError(
                    self.env._("%(name)s is no longer a draft and cannot be deleted.", name=document.display_name)
                )

    # ------------------------------------------------------------------ the common steps
    # Every document is filed by member services and decided by the group of its "approve" transition; each
    # document adds its own rules through the hooks below.

    def action_submit(self):
        self._check_action("submit")
        self._check_membership_state()
        self._check_submission()
        self._apply_action("submit")
        self._schedule_review()
        return True

    def action_approve(self):
        self._check_action("approve")
        self._check_membership_state()
        self._check_approval()
        self._decide("approve")
        self.activity_feedback([ACTIVITY_REVIEW])
        self._after_approval()
        return True

    def action_reject(self, reason=None):
        self._check_action("reject")
        self._decide("reject", decision_note=reason or self.decision_note or False)
        self.activity_unlink([ACTIVITY_REVIEW])
        for document in self:
            document.message_post(body=self.env._("Rejected. %(reason)s", reason=document.decision_note or ""))
        return True

    def action_cancel(self, reason=None):
        """The member withdraws the request."""
        self._check_action("cancel")
        self._check_cancellation()
        self._decide("cancel", decision_note=reason or self.decision_note or False)
        self.activity_unlink([ACTIVITY_REVIEW, ACTIVITY_CARD_RETURN])
        self._after_cancellation()
        return True

    def _check_submission(self):
        """The rules a document must meet before the club decides (raise UserError)."""

    def _check_approval(self):
        """The rules that must still hold when the club decides."""

    def _after_approval(self):
        """What the decision sets going: fees, cards to collect, notes on the membership."""

    def _check_cancellation(self):
        """What forbids a withdrawal."""

    def _after_cancellation(self):
        """What a withdrawal undoes."""

    def _review_note(self):
        return self.env._("Approve or reject %(document)s.", document=self._description)

    def _decide(self, action, **values):
        values.update(date_decision=fields.Date.context_today(self), decided_by_id=self.env.user.id)
        return self._apply_action(action, **values)

    def _schedule_review(self):
        """The to-dos given when the document is filed."""
        self._schedule_decision()

    def _schedule_decision(self):
        """The to-do of the person who decides: the responsible user of the approving group."""
        group = self._workflow_rows("approve")[0].groups[0]
        for document in self:
            reviewer = document.company_id._golf_responsible_user(group)
            reader = for_reader(document, reviewer)
            reader.activity_schedule(ACTIVITY_REVIEW, user_id=reviewer.id,
                                       note=reader._review_note())

    def _check_membership_state(self, states=None):
        states = states or self._membership_states
        if not states:
            return
        selection = dict(self.env["golf.membership"]._fields["state"]._description_selection(self.env))
        for document in self:
            if document.membership_id.state not in states:
                raise UserError(
                    self.env._(
                        "%(name)s: membership %(membership)s is %(state)s.",
                        name=document.display_name, membership=document.membership_id.display_name,
                        state=selection[document.membership_id.state],
                    )
                )

    def _amount_owed(self, partner=None):
        """What the member still owes the club: the open receivable of posted entries (R-4.1, R-9.3)."""
        self.ensure_one()
        partner = (partner or self.membership_id.partner_id).commercial_partner_id
        lines = self.env["account.move.line"].sudo().search([
            ("partner_id", "=", partner.id),
            ("company_id", "=", self.company_id.id),
            ("account_id.account_type", "=", "asset_receivable"),
            ("parent_state", "=", "posted"),
            ("reconciled", "=", False),
        ])
        return sum(lines.mapped("amount_residual"))

    def _check_nothing_owed(self):
        for document in self:
            owed = document._amount_owed()
            if document.currency_id.compare_amounts(owed, 0) > 0:
                raise UserError(
                    self.env._(
                        "%(name)s: %(partner)s still owes the club %(amount)s; everything owed must be paid "
                        "first.",
                        name=document.display_name, partner=document.membership_id.partner_id.display_name,
                        amount=document.currency_id.format(owed),
                    )
                )

    def _post_on_membership(self, body):
        for document in self:
            document.membership_id.message_post(body=body)

    def _close_membership_extras(self, membership, date):
        """A membership that ends takes its dependent cards with it; cards not made yet are not made."""
        membership.dependent_ids.filtered(lambda d: d.state != "cancelled")._apply_action("end", date_end=date)
        membership.card_ids.filtered(lambda c: c.state == "to_issue")._cancel_cards()

    def _check_no_pending(self):
        """One request of a kind at a time for a membership."""
        for document in self:
            pending = self.search([
                ("membership_id", "=", document.membership_id.id),
                ("id", "!=", document.id),
                ("state", "in", ("submitted", "approved")),
            ], limit=1)
            if pending:
                raise UserError(
                    self.env._("%(name)s: %(other)s is already under way for this membership.",
                               name=document.display_name, other=pending.display_name)
                )
