from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .golf_membership import RUNNING_STATES
from .golf_membership_fee_mixin import FEE_WORKFLOW_FIELDS
from .golf_workflow_mixin import CLERK, MANAGER, Transition

VIOLATION_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]
# member services record the violation; management decides on the sanction.
VIOLATION_TRANSITIONS = (
    Transition("submit", ("draft",), "submitted", (CLERK,)),
    Transition("approve", ("submitted",), "approved", (MANAGER,)),
    Transition("reject", ("submitted",), "rejected", (MANAGER,)),
)
# who broke the rule; a guest's violation is the member's who brought the guest.
OFFENDER_TYPES = [
    ("member", "The Member"),
    ("dependent", "A Dependent"),
    ("guest", "A Guest of the Member"),
]
SANCTIONS = [
    ("warning", "Warning"),
    ("fine", "Fine"),
    ("suspension", "Suspension"),
    ("expulsion", "Expulsion"),
]


class GolfMembershipViolation(models.Model):
    """A violation of the club's rules, reviewed and sanctioned by management (R-3.1)."""

    _name = "golf.membership.violation"
    _description = "Membership Violation"
    _inherit = ["golf.membership.fee.mixin"]
    _fee_type = "fine"
    _order = "date desc, id desc"
    _workflow_transitions = VIOLATION_TRANSITIONS
    _membership_states = RUNNING_STATES
    _workflow_fields = (*FEE_WORKFLOW_FIELDS, "date_reinstated")
    _workflow_draft_fields = (
        "membership_id", "offender_type", "partner_id", "guest_name", "date", "description", "sanction",
        "fine_amount", "date_suspension_end", "fee_amount",
    )

    date = fields.Date(string="Date of the Violation", required=True, default=fields.Date.context_today,
                       tracking=True)
    offender_type = fields.Selection(
        OFFENDER_TYPES, string="Committed By", required=True, default="member", tracking=True,
        help="A violation by a guest is recorded against the member who brought the guest, and sanctioned on "
             "the membership.",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Offender", tracking=True, check_company=True,
        compute="_compute_partner_id", store=True, readonly=False, precompute=True,
        help="The member, a dependent or a guest of the member.",
    )
    guest_name = fields.Char(string="Guest", tracking=True, help="The guest's name, when the guest is no contact.")
    description = fields.Text(required=True)
    sanction = fields.Selection(SANCTIONS, required=True, default="warning", tracking=True)
    fine_amount = fields.Monetary(string="Fine", tracking=True)
    date_suspension_end = fields.Date(string="Suspended Until", tracking=True,
                                      help="The membership is active again on this day.")
    date_reinstated = fields.Date(string="Reinstated On", readonly=True, copy=False)
    state = fields.Selection(VIOLATION_STATES, default="draft", required=True, tracking=True, index=True,
                             copy=False)


    _fine_positive = models.Constraint("CHECK(fine_amount >= 0)", "A fine cannot be negative.")

    @api.depends("sanction", "fine_amount")
    def _compute_fee_amount(self):
        for violation in self:
            violation.fee_amount = violation.fine_amount if violation.sanction == "fine" else 0.0

    @api.depends("membership_id", "offender_type")
    def _compute_partner_id(self):
        for violation in self:
            is_member = violation.offender_type == "member"
            violation.partner_id = violation.membership_id.member_partner_id if is_member else False

    @api.constrains("offender_type", "partner_id", "guest_name", "membership_id")
    def _check_offender(self):
        """R-3.1: the offender is the member, one of the member's dependents, or a guest the member brought."""
        for violation in self:
            membership = violation.membership_id
            if violation.offender_type == "member" and violation.partner_id != membership.member_partner_id:
                raise ValidationError(self.env._(
                    "%(partner)s is not the member of %(membership)s: record the violation as a dependent's or a "
                    "guest's.", partner=violation.partner_id.display_name, membership=membership.display_name,
                ))
            if violation.offender_type == "dependent" and (
                violation.partner_id not in membership.dependent_ids.partner_id
            ):
                raise ValidationError(self.env._(
                    "Choose one of the dependents of %(membership)s as the offender.",
                    membership=membership.display_name,
                ))
            if violation.offender_type == "guest" and not (violation.partner_id or violation.guest_name):
                raise ValidationError(self.env._("Enter the name of the guest who broke the rule."))

    def _fee_product(self):
        return self.env.ref("golf_membership.product_golf_fine", raise_if_not_found=False) or (
            self.company_id._golf_product("late_fee")
        )

    def _fee_label(self):
        return self.env._("Fine %(name)s for the violation of %(date)s", name=self.name, date=self.date)

    def _check_sanction(self):
        today = fields.Date.context_today(self)
        for violation in self:
            if violation.sanction == "fine" and violation.currency_id.compare_amounts(violation.fine_amount, 0) <= 0:
                raise UserError(self.env._("%(name)s: enter the amount of the fine.", name=violation.display_name))
            if violation.sanction == "suspension" and (
                not violation.date_suspension_end or violation.date_suspension_end <= today
            ):
                raise UserError(self.env._("%(name)s: a suspension needs an end date in the future.",
                                           name=violation.display_name))

    # ------------------------------------------------------------------ actions

    def _check_submission(self):
        self._check_sanction()

    def _review_note(self):
        return self.env._("Decide on the sanction of the violation.")

    def _check_approval(self):
        """R-3.1: management approves the sanction, which takes effect at once."""
        self._check_sanction()
        for violation in self:
            if violation.sanction == "suspension":
                violation._check_membership_state(("active",))

    def _after_approval(self):
        self.filtered(lambda v: v.sanction == "fine")._create_fee_invoices()
        for violation in self:
            violation._apply_sanction()

    def _apply_sanction(self):
        self.ensure_one()
        membership = self.membership_id
        today = fields.Date.context_today(self)
        if self.sanction == "suspension":
            membership._apply_action("suspend")
            body = self.env._("Suspended until %(date)s for violation %(name)s.",
                              date=self.date_suspension_end, name=self.name)
        elif self.sanction == "expulsion":
            self._close_membership_extras(membership, today)
            membership._apply_action("end", historical_reason="expelled", date_end=today)
            body = self.env._("Expelled for violation %(name)s: the membership has ended.", name=self.name)
        elif self.sanction == "fine":
            body = self.env._("Fined %(amount)s for violation %(name)s.",
                              amount=self.currency_id.format(self.fine_amount), name=self.name)
        else:
            body = self.env._("Warned for violation %(name)s.", name=self.name)
        if self.offender_type == "guest":
            body = self.env._("%(sanction)s Committed by %(guest)s, a guest of the member.",
                              sanction=body, guest=self.partner_id.display_name or self.guest_name)
        membership.message_post(body=body)
        self.message_post(body=body)

    # ------------------------------------------------------------------ dates (run by _cron_daily)

    @api.model
    def _cron_suspensions(self):
        """R-3.1: a suspension ends on its date; the membership is active again unless another suspension
        still runs. A second run the same day changes nothing."""
        today = fields.Date.context_today(self)
        ended = self.search([
            ("company_id", "in", self.env.companies.ids), ("state", "=", "approved"), ("sanction", "=", "suspension"),
            ("date_reinstated", "=", False), ("date_suspension_end", "<=", today),
        ])
        if not ended:
            return
        running = self.search([
            ("state", "=", "approved"), ("sanction", "=", "suspension"),
            ("date_reinstated", "=", False), ("date_suspension_end", ">", today),
            ("membership_id", "in", ended.membership_id.ids),
        ]).membership_id
        ended.sudo().date_reinstated = today
        to_reinstate = ended.membership_id.filtered(
            lambda m: m.state == "suspended" and not m.suspended_for_dues and m not in running
        )
        to_reinstate._apply_action("reinstate")
        for membership in to_reinstate:
            membership.message_post(body=self.env._("The disciplinary suspension has ended: active again."))
