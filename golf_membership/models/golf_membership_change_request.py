from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .golf_membership_change_mixin import ACTIVITY_REVIEW, CHANGE_WORKFLOW_FIELDS
from .golf_workflow_mixin import CLERK, SUPERVISOR, Transition

CHANGE_REQUEST_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]
# member services file the written request, the member-services supervisor approves it.
CHANGE_REQUEST_TRANSITIONS = (
    Transition("submit", ("draft",), "submitted", (CLERK,)),
    Transition("approve", ("submitted",), "approved", (SUPERVISOR,)),
    Transition("reject", ("submitted",), "rejected", (SUPERVISOR,)),
)
# New value field -> contact field it replaces.
CHANGED_FIELDS = {
    "new_name": "name",
    "new_street": "street",
    "new_street2": "street2",
    "new_city": "city",
    "new_zip": "zip",
    "new_state_id": "state_id",
    "new_country_id": "country_id",
    "new_phone": "phone",
    "new_email": "email",
}


class GolfMembershipChangeRequest(models.Model):
    """A member asks in writing to change an address or a name; the contact changes once the club approves
    (R-10.1). The values before and after stay on the request."""

    _name = "golf.membership.change.request"
    _description = "Change of Address or Name"
    _inherit = ["golf.membership.change.mixin"]
    _order = "date_request desc, id desc"
    _workflow_transitions = CHANGE_REQUEST_TRANSITIONS
    _workflow_fields = (*CHANGE_WORKFLOW_FIELDS, "old_values")
    _workflow_draft_fields = ("membership_id", "partner_id", "date_request", *CHANGED_FIELDS)

    date_request = fields.Date(string="Written Request", required=True, default=fields.Date.context_today,
                               tracking=True)
    partner_id = fields.Many2one(
        "res.partner", string="Contact", required=True, tracking=True, index=True, check_company=True,
        compute="_compute_partner_id", store=True, readonly=False, precompute=True,
        help="The holder, the nominee or a dependent of the membership whose details change.",
    )
    state = fields.Selection(CHANGE_REQUEST_STATES, default="draft", required=True, tracking=True, index=True,
                             copy=False)
    new_name = fields.Char(tracking=True)
    new_street = fields.Char(tracking=True)
    new_street2 = fields.Char(string="New Street 2", tracking=True)
    new_city = fields.Char(tracking=True)
    new_zip = fields.Char(string="New ZIP", tracking=True)
    new_state_id = fields.Many2one("res.country.state", tracking=True,
                                   domain="[('country_id', '=?', new_country_id)]")
    new_country_id = fields.Many2one("res.country", tracking=True)
    new_phone = fields.Char(tracking=True)
    new_email = fields.Char(tracking=True)
    old_values = fields.Html(string="Previous Details", readonly=True, copy=False, sanitize=True,
                             help="The details replaced on approval, kept for the history.")
    attachment_ids = fields.Many2many(
        "ir.attachment", "golf_membership_change_request_attachment_rel", "request_id", "attachment_id",
        string="Written Request and Proof",
    )
    allowed_partner_ids = fields.Many2many("res.partner", compute="_compute_allowed_partner_ids")


    @api.depends("membership_id")
    def _compute_partner_id(self):
        for request in self:
            request.partner_id = request.membership_id.partner_id

    @api.depends("membership_id")
    def _compute_allowed_partner_ids(self):
        for request in self:
            membership = request.membership_id
            request.allowed_partner_ids = (
                membership.partner_id | membership.nominee_id | membership.dependent_ids.partner_id
            )

    @api.constrains("partner_id", "membership_id")
    def _check_partner(self):
        for request in self:
            if request.partner_id not in request.allowed_partner_ids:
                raise ValidationError(self.env._(
                    "%(partner)s is neither the holder, the nominee nor a dependent of %(membership)s.",
                    partner=request.partner_id.display_name, membership=request.membership_id.display_name,
                ))

    def _changes(self):
        """The contact values to write: only what the member asked to change (an empty field is unchanged)."""
        self.ensure_one()
        changes = {}
        for new_field, partner_field in CHANGED_FIELDS.items():
            value = self[new_field]
            if isinstance(value, str):
                value = value.strip()
            if value:
                changes[partner_field] = value.id if isinstance(value, models.BaseModel) else value
        return changes

    def _describe(self, values):
        partner_fields = self.env["res.partner"]._fields
        rows = Markup("").join(
            Markup("<li>%s: %s</li>") % (partner_fields[name]._description_string(self.env), value or "-")
            for name, value in values.items()
        )
        return Markup("<ul>%s</ul>") % rows

    # ------------------------------------------------------------------ actions

    def _check_submission(self):
        """R-10.1: the member's written request."""
        for request in self:
            if not request._changes():
                raise UserError(self.env._("%(name)s: enter at least one new value.", name=request.display_name))

    def _review_note(self):
        return self.env._("Approve or reject the change of address or name.")

    def action_approve(self):
        """R-10.1: after the club approves, the contact carries the new address or name; the bills and
        statements printed from then on show them. The values replaced stay on the request."""
        self._check_action("approve")
        for request in self:
            partner = request.partner_id
            changes = request._changes()
            old = {}
            for name in changes:
                value = partner[name]
                old[name] = value.display_name if isinstance(value, models.BaseModel) else value
            request._decide("approve", old_values=request._describe(old))
            partner.sudo().write(changes)
            body = self.env._("Details changed by %(name)s. Before:", name=request.name) + request._describe(old)
            partner.sudo().message_post(body=body, author_id=self.env.user.partner_id.id)
            request.membership_id.message_post(body=body)
        self.activity_feedback([ACTIVITY_REVIEW])
        return True
