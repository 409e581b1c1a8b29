import io

import xlsxwriter

from odoo import api, fields, models


class GolfMembershipRegisterReportXlsx(models.AbstractModel):
    """The monthly membership report (R-12.3) as a spreadsheet: one sheet with the movements of the month, the
    counts by tier and status and the leavers by reason, the figures of ``golf.membership.register.report``."""

    _name = "golf.membership.register.report.xlsx"
    _description = "Monthly Membership Report Spreadsheet"

    @api.model
    def _xlsx_content(self, report):
        """The spreadsheet of ``report``, as bytes."""
        report.ensure_one()
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 14})
        sheet = workbook.add_worksheet(self.env._("Report"))
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, 12, 14)
        sheet.write(0, 0, report.name, title)
        sheet.write(1, 0, report.company_id.name)
        sheet.write(2, 0, self.env._("Period"), bold)
        sheet.write(2, 1, f"{report.date_from} - {report.date_to}")
        sheet.write(3, 0, self.env._("Figures of"), bold)
        sheet.write(3, 1, fields.Datetime.to_string(report.date_generated) if report.date_generated else "")
        row = 5
        sheet.write(row, 0, self.env._("Movements of the month"), bold)
        for label, value in report._movements():
            row += 1
            sheet.write(row, 0, label)
            sheet.write_number(row, 1, value)
        row += 2
        table = report._count_table()
        sheet.write(row, 0, self.env._("Tier"), bold)
        for col, label in enumerate(table["states"] + [self.env._("Total")], start=1):
            sheet.write(row, col, label, bold)
        for line in table["rows"]:
            row += 1
            sheet.write(row, 0, line["tier"])
            for col, value in enumerate(line["counts"] + [line["total"]], start=1):
                sheet.write_number(row, col, value)
        row += 1
        sheet.write(row, 0, self.env._("Total"), bold)
        for col, value in enumerate(table["totals"] + [table["total"]], start=1):
            sheet.write_number(row, col, value, bold)
        row += 2
        sheet.write(row, 0, self.env._("Leavers by reason"), bold)
        row += 1
        sheet.write(row, 0, self.env._("Tier"), bold)
        sheet.write(row, 1, self.env._("Reason"), bold)
        sheet.write(row, 2, self.env._("Count"), bold)
        for line in report._leaver_table():
            row += 1
            sheet.write(row, 0, line["tier"])
            sheet.write(row, 1, line["reason"])
            sheet.write_number(row, 2, line["count"])
        workbook.close()
        return output.getvalue()
