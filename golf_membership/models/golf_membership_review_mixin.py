from odoo import api, fields, models

from .golf_activity import for_reader
from .golf_membership_change_mixin import ACTIVITY_REVIEW
from .golf_workflow_mixin import SUPERVISOR

# Set by ``action_review`` only (workflow fields of the documents using the mixin).
REVIEW_WORKFLOW_FIELDS = ("date_reviewed", "reviewed_by_id")


class GolfMembershipReviewMixin(models.AbstractModel):
    """A change document the department heads review before the club decides (R-4.2 transfer, R-5.1 nominee
    change). The review is a step of the workflow (a ``review`` transition of the supervisor group that keeps
    the state); the approval's guard refuses while the document is not reviewed. The reviewer gets the to-do
    when the document is filed, the decider once it is reviewed."""

    _name = "golf.membership.review.mixin"
    _description = "Change Document Reviewed by the Department Heads"
    _inherit = ["golf.membership.change.mixin"]

    date_reviewed = fields.Date(string="Reviewed On", readonly=True, copy=False, tracking=True)
    reviewed_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    can_review = fields.Boolean(compute="_compute_workflow_buttons")

    @api.depends("state", "date_reviewed")
    @api.depends_context("uid")
    def _compute_workflow_buttons(self):
        """The guards of the review and of the approval read the review."""
        return super()._compute_workflow_buttons()

    # ------------------------------------------------------------------ guards of the transitions

    def _review_refusal(self):
        self.ensure_one()
        if self.date_reviewed:
            return self.env._("%(name)s was already reviewed on %(date)s.", name=self.display_name,
                              date=self.date_reviewed)
        return False

    def _approval_refusal(self):
        """R-4.2 / R-5.1: the department heads review before the decision."""
        self.ensure_one()
        if not self.date_reviewed:
            return self.env._("%(name)s: the department heads must review it before the decision.",
                              name=self.display_name)
        return False

    # ------------------------------------------------------------------ actions

    def action_review(self):
        """R-4.2 / R-5.1: the department heads review; the decider gets the to-do."""
        self._take_action("review", date_reviewed=fields.Date.context_today(self), reviewed_by_id=self.env.user.id)
        self.activity_feedback([ACTIVITY_REVIEW])
        self._schedule_decision()
        return True

    def _schedule_review(self):
        """Filed: the department heads' to-do (the supervisor named in the settings); the decider's comes with
        the review."""
        for document in self:
            reviewer = document.company_id._golf_responsible_user(SUPERVISOR)
            reader = for_reader(document, reviewer)
            reader.activity_schedule(ACTIVITY_REVIEW, user_id=reviewer.id, note=reader._department_review_note())

    def _department_review_note(self):
        return self.env._("Review %(document)s before the decision.", document=self.display_name)
