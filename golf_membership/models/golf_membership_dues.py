from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .account_move import DUES_FEE_TYPES


def first_dues_month(start, year):
    """The first month of ``year`` in which rights held since ``start`` are owed: 1 when they started before
    that year (or no start is known), 13 (none) when they start after it."""
    if not start or start.year < year:
        return 1
    return start.month if start.year == year else 13


class GolfMembershipDues(models.AbstractModel):
    """The yearly dues of a membership and of its dependents: the months owed (R-6.2, R-7.1, R-7.5), the
    months billed late or pro rata (R-1.4, R-4.3, R-6.2), the settlement of an absence (R-9.2), and the
    collection of overdue dues: suspension and reinstatement (R-6.3). The billing run
    (``golf.billing.run``) bills what these methods say is owed."""

    _name = "golf.membership.dues"
    _description = "Membership Dues"

    def _current_year_dues_months(self, date):
        """R-1.4: the balance includes the dues of the current year, from the approval month to December."""
        return 13 - first_dues_month(date, date.year)

    def _dues_start(self, dependent=None):
        """R-12.1 / R-7.3: the day the member (or ``dependent``) starts holding rights: the approval of the
        membership (the admission balance bills its dues from that month, R-1.4), or of the dependent card."""
        self.ensure_one()
        start = self.date_approved or self.date_start
        if dependent and dependent.date_start:
            start = max(start, dependent.date_start) if start else dependent.date_start
        return start

    def _dues_months(self, year, dependent=None):
        """R-6.2 / R-7.5 / R-9.2: months of dues owed for ``year`` by the member (or ``dependent``): from the month
        rights start in that year to December (R-7.1: to the month a child leaves at 19), less the months an
        absence exempts (those between the month it starts and the month of reinstatement, both of which are owed)."""
        self.ensure_one()
        first = first_dues_month(self._dues_start(dependent), year)
        last = 12
        leaving = dependent and dependent.date_leaving
        if leaving and leaving.year <= year:
            last = leaving.month if leaving.year == year else 0
        exempt = {
            month for month_year, month in self._absence_exempt_months()
            if month_year == year and first <= month <= last
        }
        return max(0, last + 1 - first - len(exempt))

    def _absence_exempt_months(self):
        """R-9.2: the (year, month) without dues of the absences approved, running or done."""
        self.ensure_one()
        exempt = set()
        for absence in self.absence_ids.filtered(lambda a: a.state in ("approved", "active", "done")):
            exempt |= absence._exempt_months()
        return exempt

    def _dues_months_billed_elsewhere(self, year):
        """R-1.4 / R-4.3: months of the member's dues of ``year`` billed outside the yearly dues: with the admission
        balance (the approval year, from the approval month), or, for a membership taken over by transfer, to
        the previous holder (the dues of the place are billed once a year)."""
        self.ensure_one()
        months = 0.0
        balance = self.balance_invoice_id
        if balance.state == "posted" and balance.invoice_date and balance.invoice_date.year == year:
            product = self.company_id._golf_product("dues")
            months += sum(balance.invoice_line_ids.filtered(lambda line: line.product_id == product).mapped("quantity"))
        predecessor = self.predecessor_id
        if predecessor:
            billed = predecessor._billed_dues_months([year])[predecessor][year]
            months += sum(quantity for (dependent, _product, _rate), quantity in billed.items() if not dependent)
            months += predecessor._dues_months_billed_elsewhere(year)
        return months

    def _dues_months_to_bill(self, year, billed):
        """R-6.2 / R-7.5: [(dependent, months)] of ``year`` owed and not billed yet, for the member (an empty
        dependent) and each dependent billed with the member; ``billed`` is {(dependent, product, rate): months}
        as `_billed_dues_months` gives it. Months billed once are never billed again."""
        self.ensure_one()
        billed_by_person = defaultdict(float)
        for (dependent, _product, _rate), quantity in billed.items():
            billed_by_person[dependent.id] += quantity
        no_dependent = self.env["golf.membership.dependent"]
        member_months = self._dues_months(year) - self._dues_months_billed_elsewhere(year) - billed_by_person[False]
        to_bill = [(no_dependent, round(member_months))]
        for dependent in self._dues_dependents(year):
            to_bill.append((dependent, round(self._dues_months(year, dependent) - billed_by_person[dependent.id])))
        return [(dependent, months) for dependent, months in to_bill if months > 0]

    def _prepare_dues_line_vals_list(self, year, billed):
        """R-6.2 / R-7.5 / R-9.2: the dues lines of ``year`` still to bill (see `_dues_months_to_bill`), in the
        member's language: the member reads them on the statement."""
        self.ensure_one()
        company, tier = self.company_id, self.type_id
        member_env = self.with_context(lang=self.partner_id.lang or company.partner_id.lang or self.env.lang).env
        lines = []
        for dependent, months in self._dues_months_to_bill(year, billed):
            if not dependent and tier.monthly_due:
                lines.append(self._prepare_invoice_line_vals(
                    company._golf_product("dues"),
                    member_env._("Monthly dues %(year)s: %(member)s (%(months)s months)",
                                 year=year, member=self.member_partner_id.name, months=months),
                    tier.monthly_due, quantity=months,
                ))
            elif dependent and tier.dependent_monthly_due:
                line = self._prepare_invoice_line_vals(
                    company._golf_product("dependent_dues"),
                    member_env._("Dependent dues %(year)s: %(name)s (%(months)s months)",
                                 year=year, name=dependent.display_name, months=months),
                    tier.dependent_monthly_due, quantity=months,
                )
                line["golf_dependent_id"] = dependent.id
                lines.append(line)
        return lines

    def _bill_late_dues(self, year):
        """R-6.2 / R-7.5: once the dues of ``year`` are billed, the months owed and not billed yet (a dependent
        approved since, a member billed with the admission) are billed as a dues adjustment, once."""
        if not self:
            return self.env["account.move"]
        billed = self._billed_dues_months([year])
        today = fields.Date.context_today(self)
        vals_list = []
        for membership in self:
            lines = membership._prepare_dues_line_vals_list(year, billed[membership][year])
            if not lines:
                continue
            date_due = max(membership.company_id._golf_dues_date_due(year), today)
            vals = membership._prepare_invoice_vals("dues_adjustment", lines, date_due=date_due)
            vals.update(golf_billing_year=year, ref=self.env._("Dues %(year)s: months not billed yet", year=year))
            vals_list.append(vals)
        if not vals_list:
            return self.env["account.move"]
        return self._create_posted_invoices(vals_list)

    def _dues_dependents(self, year):
        """R-7.5: dependents billed with the member: those holding their card during ``year`` (R-7.1: not a child
        whose last day as a dependent is before it)."""
        self.ensure_one()
        first_day, last_day = fields.Date.to_date(f"{year}-01-01"), fields.Date.to_date(f"{year}-12-31")
        return self.dependent_ids.filtered(
            lambda d: d.state in ("active", "suspended")
            and (not d.date_start or d.date_start <= last_day)
            and (not d.date_end or d.date_end >= first_day)
            and (not d.date_leaving or d.date_leaving >= first_day)
        )

    def _settle_absence_dues(self):
        """R-9.2: once an absence is approved, ended early or withdrawn, every year already billed is brought
        to the months R-9.2 bills, for the member and each dependent still billed with the member. Months
        now exempt are credited (a credit note set against what is open, otherwise kept as the member's
        credit: paid dues are not paid back, R-6.4); months no longer exempt are billed again."""
        billed_by_membership = self._billed_dues_months()
        for membership in self:
            for year, billed_months in billed_by_membership[membership].items():
                dependents = membership._dues_dependents(year)
                credit, rebill = [], []
                for (dependent, product, rate), billed in billed_months.items():
                    if dependent and dependent not in dependents:
                        continue  # a cancelled dependent's dues follow
                    months = membership._dues_months(year, dependent)
                    if months != billed:
                        line = membership._prepare_dues_adjustment_line(
                            year, dependent, product, rate, quantity=abs(months - billed),
                        )
                        (rebill if months > billed else credit).append(line)
                membership._post_dues_adjustments(year, credit, rebill)

    def _billed_dues_months(self, years=None):
        """{membership: {year: {(dependent, product, monthly rate): months billed net of adjustments}}} of
        the posted dues of these memberships (of ``years`` only, if given)."""
        domain = [
            ("move_id.golf_membership_id", "in", self.ids),
            ("move_id.golf_fee_type", "in", DUES_FEE_TYPES),
            ("parent_state", "=", "posted"),
            ("display_type", "=", "product"),
        ]
        if years is not None:
            domain.append(("move_id.golf_billing_year", "in", list(years)))
        lines = self.env["account.move.line"].search(domain)
        billed = defaultdict(lambda: defaultdict(lambda: defaultdict(float)))
        for line in lines:
            move = line.move_id
            sign = -1 if move.move_type == "out_refund" else 1
            key = (line.golf_dependent_id, line.product_id, line.price_unit)
            billed[move.golf_membership_id][move.golf_billing_year][key] += sign * line.quantity
        return billed

    def _prepare_dues_adjustment_line(self, year, dependent, product, rate, quantity):
        name = dependent.display_name if dependent else self.member_partner_id.name
        line = self._prepare_invoice_line_vals(
            product, self.env._("Dues %(year)s adjusted for an absence: %(name)s", year=year, name=name),
            rate, quantity=quantity,
        )
        line["golf_dependent_id"] = dependent.id
        return line

    def _post_dues_adjustments(self, year, credit_lines, rebill_lines):
        self.ensure_one()
        dues = self._dues_moves(year)
        vals_list = []
        if credit_lines:
            vals = self._prepare_invoice_vals("dues_adjustment", credit_lines)
            vals.update(
                move_type="out_refund",
                reversed_entry_id=dues.filtered(lambda move: move.golf_fee_type == "dues")[:1].id,
                ref=self.env._("Dues %(year)s: months of absence credited", year=year),
            )
            vals_list.append(vals)
        if rebill_lines:
            date_due = max([*dues.mapped("invoice_date_due"), fields.Date.context_today(self)])
            vals = self._prepare_invoice_vals("dues_adjustment", rebill_lines, date_due=date_due)
            vals["ref"] = self.env._("Dues %(year)s: months billed again, the absence changed", year=year)
            vals_list.append(vals)
        for vals in vals_list:
            vals["golf_billing_year"] = year
        if vals_list:
            self._create_posted_invoices(vals_list)
            self._dues_moves(year)._reconcile_open_receivables()

    def _dues_moves(self, year):
        """The posted dues invoices of ``year`` and their adjustments (credit notes included)."""
        return self.invoice_ids.filtered(
            lambda move: move.golf_fee_type in DUES_FEE_TYPES and move.golf_billing_year == year
            and move.state == "posted"
        )

    @api.model
    def _cron_dues_suspension(self):
        """R-6.3 / R-7.5: dues unpaid more than `golf_suspension_days` suspend the membership and its dependents."""
        Line = self.env["account.move.line"]
        for company in self.env.companies:
            cutoff = fields.Date.context_today(self) - relativedelta(days=company.golf_suspension_days)
            lines = Line.search(Line._golf_overdue_domain(cutoff, company) + [
                ("move_id.golf_membership_id.state", "=", "active"),
            ])
            memberships = lines.move_id.golf_membership_id
            if not memberships:
                continue
            memberships._apply_action("suspend_for_dues", suspended_for_dues=True)
            for membership in memberships:
                membership.message_post(body=self.env._(
                    "Suspended: dues unpaid for more than %(days)s days. Dependent cards suspended too "
                    "; the membership is reinstated automatically once everything overdue is paid.",
                    days=company.golf_suspension_days,
                ))

    def _check_dues_reinstatement(self):
        """R-6.3: a membership suspended for dues is reinstated as soon as nothing is overdue any more."""
        suspended = self.filtered(lambda m: m.state == "suspended" and m.suspended_for_dues)
        if not suspended:
            return
        Line = self.env["account.move.line"]
        today = fields.Date.context_today(self)
        still_overdue = Line.search(Line._golf_overdue_domain(today) + [
            ("move_id.golf_membership_id", "in", suspended.ids),
        ]).move_id.golf_membership_id
        to_reinstate = suspended - still_overdue
        if not to_reinstate:
            return
        to_reinstate._apply_action("reinstate_after_dues")
        for membership in to_reinstate:
            membership.message_post(body=self.env._("Reinstated: every overdue amount is paid."))

    @api.model
    def _cron_reinstate_paid_up(self):
        """R-6.3: memberships suspended for dues whose overdue amounts are paid are active again."""
        self.search([
            ("company_id", "in", self.env.companies.ids), ("state", "=", "suspended"), ("suspended_for_dues", "=", True),
        ])._check_dues_reinstatement()
