from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    golf_service_request_id = fields.Many2one(
        "golf.service.request",
        string="Service Request",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        help="The request whose satisfaction this answer measures.",
    )

    def _golf_satisfaction_score(self):
        """The member's satisfaction from 0 to 100: the chosen answers' scores over the best scores of
        the choice questions answered. The survey itself is not scored, so the member is thanked
        rather than graded. None when no choice question was answered."""
        self.ensure_one()
        lines = self.user_input_line_ids.filtered(
            lambda line: (
                line.suggested_answer_id and line.question_id.question_type in ("simple_choice", "multiple_choice")
            )
        )
        best = 0.0
        for question in lines.question_id:
            scores = [score for score in question.suggested_answer_ids.mapped("answer_score") if score > 0]
            best += max(scores, default=0.0) if question.question_type == "simple_choice" else sum(scores)
        if not best:
            return None
        return round(100.0 * sum(line.suggested_answer_id.answer_score for line in lines) / best, 2)

    def _mark_done(self):
        """R-11.4: the member's score lands on the service request."""
        result = super()._mark_done()
        for user_input in self.sudo().filtered(lambda ui: ui.golf_service_request_id and not ui.test_entry):
            score = user_input._golf_satisfaction_score()
            if score is not None:
                user_input.golf_service_request_id._record_satisfaction(score)
        return result
