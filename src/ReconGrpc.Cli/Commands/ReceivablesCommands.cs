using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;
using Spectre.Console;

namespace ReconGrpc.Cli.Commands;

/// <summary><c>recon report aging</c>, <c>recon ledger detail</c> and <c>recon alerts list</c>: what customers owe, read for collecting it.</summary>
public static class ReceivablesCommands
{
    /// <summary>The <c>report</c> group with <c>aging</c>; other reports add themselves beside it.</summary>
    public static Command CreateReport(CliSessionFactory sessions)
    {
        var report = new Command("report", "Reports (报表): aging, payment behaviour, statements of account");
        report.Subcommands.Add(CreateAging(sessions));
        report.Subcommands.Add(BehaviourCommands.CreateBehaviour(sessions));
        return report;
    }

    private static Command CreateAging(CliSessionFactory sessions)
    {
        var customer = new Option<string?>("--customer") { Description = "Only this customer" };
        var category = new Option<string?>("--category") { Description = "Only customers of this category and its descendants" };
        var by = new Option<string?>("--by") { Description = "customer (default) or category" };
        var level = new Option<int>("--level") { Description = "With --by category: the level to roll up to (default: the level below --category, or the top)" };
        var asOf = new Option<string?>("--as-of") { Description = "The report date (YYYY-MM-DD; default today)" };
        var basis = new Option<string?>("--basis") { Description = "due (default) or document" };
        var buckets = new Option<string?>("--buckets") { Description = "Bucket upper bounds in days, ascending (default 30,60,90,180)" };
        var currency = new Option<string?>("--currency") { Description = "Only entries in this currency" };
        var aging = new Command("aging", "Aging of what customers owe (账龄分析)") { customer, category, by, level, asOf, basis, buckets, currency };
        aging.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var request = new GetAgingReportRequest
            {
                AsOfDate = ReconFormat.ToDate(parsed.GetValue(asOf), "--as-of") ?? Today(),
                CustomerCode = parsed.GetValue(customer) ?? "",
                CategoryCode = parsed.GetValue(category) ?? "",
                CategoryLevel = parsed.GetValue(level),
                Currency = parsed.GetValue(currency) ?? "",
                Basis = parsed.GetValue(basis) switch
                {
                    null or "due" => AgingBasis.DueDate,
                    "document" => AgingBasis.DocumentDate,
                    var other => throw new CliUsageException($"--basis is due or document, not '{other}'."),
                },
                GroupBy = parsed.GetValue(by) switch
                {
                    null or "customer" => AgingGrouping.Customer,
                    "category" => AgingGrouping.Category,
                    var other => throw new CliUsageException($"--by is customer or category, not '{other}'."),
                },
            };
            foreach (var bound in (parsed.GetValue(buckets) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                request.BucketUpperDays.Add(int.TryParse(bound, NumberStyles.None, CultureInfo.InvariantCulture, out var days)
                    ? days : throw new CliUsageException($"--buckets holds whole days separated by commas, e.g. 30,60,90,180; '{bound}' is not one."));
            }

            var response = await new ReceivablesService.ReceivablesServiceClient(session.Invoker).GetAgingReportAsync(request, session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(new
                {
                    asOf = ReconFormat.Text(response.AsOfDate),
                    currency = response.Currency,
                    rows = response.Rows.Select(RowJson).ToList(),
                    total = RowJson(response.Total),
                });
                return;
            }

            var table = new Table().AddColumns("code", "name", "balance", "not due");
            foreach (var bucket in response.Total.Buckets)
            {
                table.AddColumn(bucket.ToDays == 0 ? $">{bucket.FromDays - 1}" : $"{bucket.FromDays}-{bucket.ToDays}");
            }

            table.AddColumn("unapplied");
            foreach (var row in response.Rows.Append(response.Total))
            {
                table.AddRow([Markup.Escape(row.Code), Markup.Escape(row.Name), row.Balance.Value, row.NotDue.Value, .. row.Buckets.Select(b => b.Amount.Value), row.UnappliedCredit.Value]);
            }

            session.Console.Write(table);
            await session.Out.WriteLineAsync($"as of {ReconFormat.Text(response.AsOfDate)}, {response.Currency}");
        }));
        return aging;
    }

    private static object RowJson(AgingRow r) => new
    {
        code = r.Code,
        name = r.Name,
        balance = r.Balance.Value,
        notDue = r.NotDue.Value,
        buckets = r.Buckets.Select(b => new { fromDays = b.FromDays, toDays = b.ToDays == 0 ? (int?)null : b.ToDays, amount = b.Amount.Value }).ToList(),
        unappliedCredit = r.UnappliedCredit.Value,
        creditLimit = r.CreditLimit?.Value,
        customerCount = r.CustomerCount,
    };

    /// <summary><c>recon ledger detail</c>: a customer's 明细账.</summary>
    public static Command CreateLedgerDetail(CliSessionFactory sessions)
    {
        var customer = new Option<string>("--customer") { Description = "The customer's code", Required = true };
        var from = new Option<string>("--from") { Description = "The first day (YYYY-MM-DD)", Required = true };
        var to = new Option<string>("--to") { Description = "The last day (YYYY-MM-DD)", Required = true };
        var currency = new Option<string?>("--currency") { Description = "Only entries in this currency" };
        var detail = new Command("detail", "A customer's entries with a running balance (明细账)") { customer, from, to, currency };
        detail.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            using var call = new ReceivablesService.ReceivablesServiceClient(session.Invoker).GetLedgerDetail(new GetLedgerDetailRequest
            {
                CustomerCode = parsed.GetValue(customer)!,
                StartDate = ReconFormat.ToDate(parsed.GetValue(from), "--from"),
                EndDate = ReconFormat.ToDate(parsed.GetValue(to), "--to"),
                Currency = parsed.GetValue(currency) ?? "",
            }, cancellationToken: ct);
            LedgerDetailOpening? opening = null;
            LedgerDetailClosing? closing = null;
            var lines = new List<LedgerDetailLine>();
            await foreach (var part in call.ResponseStream.ReadAllAsync(ct))
            {
                opening ??= part.Opening;
                closing = part.Closing ?? closing;
                if (part.Lines is { } batch)
                {
                    lines.AddRange(batch.Lines);
                }
            }

            if (session.Json)
            {
                await session.WriteJsonAsync(new
                {
                    customerCode = opening?.CustomerCode,
                    customerName = opening?.CustomerName,
                    currency = opening?.Currency,
                    openingBalance = opening?.OpeningBalance.Value,
                    lines = lines.Select(l => new
                    {
                        date = ReconFormat.Text(l.Entry.Date), documentType = l.DocumentTypeName, documentNumber = l.Entry.DocumentNumber,
                        memo = ReconFormat.Empty(l.Entry.Memo), debit = l.Debit?.Value, credit = l.Credit?.Value, balance = l.Balance.Value,
                    }).ToList(),
                    totalDebit = closing?.TotalDebit.Value,
                    totalCredit = closing?.TotalCredit.Value,
                    closingBalance = closing?.ClosingBalance.Value,
                });
                return;
            }

            var table = new Table().AddColumns("日期", "单据类型", "单据号", "摘要", "借方", "贷方", "余额");
            table.AddRow("", "期初余额", "", "", "", "", opening?.OpeningBalance.Value ?? "");
            foreach (var l in lines)
            {
                table.AddRow(ReconFormat.Text(l.Entry.Date)!, l.DocumentTypeName, Markup.Escape(l.Entry.DocumentNumber), Markup.Escape(l.Entry.Memo),
                    l.Debit?.Value ?? "", l.Credit?.Value ?? "", l.Balance.Value);
            }

            table.AddRow("", "合计", "", "", closing?.TotalDebit.Value ?? "", closing?.TotalCredit.Value ?? "", closing?.ClosingBalance.Value ?? "");
            session.Console.Write(table);
            await session.Out.WriteLineAsync($"{opening?.CustomerCode} {opening?.CustomerName}, {opening?.Currency}");
        }));
        return detail;
    }

    /// <summary><c>recon alerts list</c>: credit control.</summary>
    public static Command CreateAlerts(CliSessionFactory sessions)
    {
        var alerts = new Command("alerts", "Credit alerts (信用预警)");
        var asOf = new Option<string?>("--as-of") { Description = "The date (YYYY-MM-DD; default today)" };
        var category = new Option<string?>("--category") { Description = "Only customers of this category and its descendants" };
        var grace = new Option<int>("--grace-days") { Description = "Items overdue by more than this many days count (default 0)" };
        var list = new Command("list", "Customers over or near their credit limit, or with overdue items") { asOf, category, grace };
        list.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var response = await new ReceivablesService.ReceivablesServiceClient(session.Invoker).ListCreditAlertsAsync(new ListCreditAlertsRequest
            {
                AsOfDate = ReconFormat.ToDate(parsed.GetValue(asOf), "--as-of") ?? Today(),
                CategoryCode = parsed.GetValue(category) ?? "",
                OverdueGraceDays = parsed.GetValue(grace),
            }, session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(response.Alerts.Select(a => new
                {
                    kind = Kind(a.Kind), customerCode = a.CustomerCode, customerName = a.CustomerName, balance = a.Balance.Value, creditLimit = a.CreditLimit?.Value,
                    overLimit = a.OverLimit?.Value, overdueAmount = a.OverdueAmount?.Value, oldestOverdueDays = a.OldestOverdueDays, currency = a.Currency,
                }).ToList());
                return;
            }

            var table = new Table().AddColumns("kind", "customer", "name", "balance", "limit", "over limit", "overdue", "oldest days", "currency");
            foreach (var a in response.Alerts)
            {
                table.AddRow(Kind(a.Kind), Markup.Escape(a.CustomerCode), Markup.Escape(a.CustomerName), a.Balance.Value, a.CreditLimit?.Value ?? "",
                    a.OverLimit?.Value ?? "", a.OverdueAmount?.Value ?? "", a.OldestOverdueDays.ToString(CultureInfo.InvariantCulture), a.Currency);
            }

            session.Console.Write(table);
        }));
        alerts.Subcommands.Add(list);
        return alerts;
    }

    private static string Kind(CreditAlertKind kind) => kind switch
    {
        CreditAlertKind.OverLimit => "over-limit",
        CreditAlertKind.NearLimit => "near-limit",
        CreditAlertKind.Overdue => "overdue",
        _ => kind.ToString(),
    };

    private static Date Today()
    {
        var today = DateOnly.FromDateTime(DateTime.Now);
        return new Date { Year = today.Year, Month = today.Month, Day = today.Day };
    }
}
