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
        var report = new Command("report", "Reports (报表): aging, revenue by category, payment behaviour, statements of account, reconciliation reports");
        report.Subcommands.Add(CreateAging(sessions));
        report.Subcommands.Add(CreateRevenue(sessions));
        report.Subcommands.Add(BehaviourCommands.CreateBehaviour(sessions));
        report.Subcommands.Add(ReconciliationReportCommands.Create(sessions));
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

    private static Command CreateRevenue(CliSessionFactory sessions)
    {
        var from = new Option<string>("--from") { Description = "The first month (YYYY-MM) or day (YYYY-MM-DD)", Required = true };
        var to = new Option<string>("--to") { Description = "The last month (YYYY-MM) or day (YYYY-MM-DD)", Required = true };
        var by = new Option<string?>("--by") { Description = "category (default) or dimension" };
        var level = new Option<int>("--level") { Description = "With --by category: the level to roll up to (default: the level below --category, or the top)" };
        var dimension = new Option<string?>("--dimension") { Description = "A customer dimension's code: the rows of --by dimension, or a split of each category" };
        var category = new Option<string?>("--category") { Description = "Only this category and its descendants" };
        var currency = new Option<string?>("--currency") { Description = "Only entries in this currency" };
        var revenue = new Command("revenue", "Revenue and receivables by category (收入与应收): each sale in the category in force on its date")
        {
            from, to, by, level, dimension, category, currency,
        };
        revenue.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var response = await new ReceivablesService.ReceivablesServiceClient(session.Invoker).GetRevenueByCategoryAsync(new GetRevenueByCategoryRequest
            {
                StartDate = MonthOrDay(parsed.GetValue(from)!, "--from", last: false),
                EndDate = MonthOrDay(parsed.GetValue(to)!, "--to", last: true),
                GroupBy = parsed.GetValue(by) switch
                {
                    null or "category" => RevenueGrouping.Category,
                    "dimension" => RevenueGrouping.Dimension,
                    var other => throw new CliUsageException($"--by is category or dimension, not '{other}'."),
                },
                CategoryLevel = parsed.GetValue(level),
                DimensionCode = parsed.GetValue(dimension) ?? "",
                CategoryCode = parsed.GetValue(category) ?? "",
                Currency = parsed.GetValue(currency) ?? "",
            }, session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(new
                {
                    from = ReconFormat.Text(response.StartDate),
                    to = ReconFormat.Text(response.EndDate),
                    currency = response.Currency,
                    dimension = ReconFormat.Empty(response.DimensionCode),
                    rows = response.Rows.Select(RevenueJson).ToList(),
                    total = RevenueJson(response.Total),
                });
                return;
            }

            var table = new Table().AddColumns("category", "name");
            if (response.DimensionCode.Length > 0)
            {
                table.AddColumn(Markup.Escape(response.DimensionCode));
            }

            table.AddColumns("sales", "returns", "revenue", "receivables", "customers");
            foreach (var row in response.Rows.Append(response.Total))
            {
                var cells = new List<string> { Markup.Escape(row.CategoryCode), Markup.Escape(row.CategoryName) };
                if (response.DimensionCode.Length > 0)
                {
                    cells.Add(Markup.Escape(row.DimensionValue));
                }

                cells.AddRange([row.Sales.Value, row.Returns.Value, row.Revenue.Value, row.Receivables.Value, ReconFormat.Number(row.CustomerCount)]);
                table.AddRow(cells.ToArray());
            }

            session.Console.Write(table);
            await session.Out.WriteLineAsync($"{ReconFormat.Text(response.StartDate)} to {ReconFormat.Text(response.EndDate)}, {response.Currency}");
        }));
        return revenue;
    }

    private static object RevenueJson(RevenueRow r) => new
    {
        category = ReconFormat.Empty(r.CategoryCode),
        name = r.CategoryName,
        dimensionValue = ReconFormat.Empty(r.DimensionValue),
        sales = r.Sales.Value,
        returns = r.Returns.Value,
        revenue = r.Revenue.Value,
        receivables = r.Receivables.Value,
        customerCount = r.CustomerCount,
    };

    /// <summary>A month (YYYY-MM: its first or last day) or a day (YYYY-MM-DD).</summary>
    internal static Date MonthOrDay(string text, string option, bool last)
    {
        if (DateOnly.TryParseExact(text.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
        {
            var day = last ? first.AddMonths(1).AddDays(-1) : first;
            return new Date { Year = day.Year, Month = day.Month, Day = day.Day };
        }

        return ReconFormat.ToDate(text, option)!;
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
                await session.WriteJsonAsync(response.Alerts.Select(AlertJson).ToList());
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
        alerts.Subcommands.Add(CreateWatch(sessions));
        return alerts;
    }

    /// <summary><c>recon alerts watch</c>: credit alerts as postings and imports raise them, until Ctrl+C.</summary>
    private static Command CreateWatch(CliSessionFactory sessions)
    {
        var category = new Option<string?>("--category") { Description = "Only customers of this category and its descendants" };
        var kinds = new Option<string[]>("--kind")
        {
            Description = "Only alerts of this kind (over-limit, near-limit, overdue); repeat for several", AllowMultipleArgumentsPerToken = true,
        };
        var current = new Option<bool>("--current") { Description = "First show the alerts as they stand (as alerts list does)" };
        var asOf = new Option<string?>("--as-of") { Description = "With --current: the date (YYYY-MM-DD; default today)" };
        var watch = new Command("watch", "Show credit alerts as entries are posted or imported, until Ctrl+C (one JSON object a line with --json)")
        {
            category, kinds, current, asOf,
        };
        watch.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var request = new WatchCreditAlertsRequest { CategoryCode = parsed.GetValue(category) ?? "", IncludeCurrent = parsed.GetValue(current) };
            request.Kinds.Add((parsed.GetValue(kinds) ?? []).Select(ParseKind));
            if (request.IncludeCurrent)
            {
                request.AsOfDate = ReconFormat.ToDate(parsed.GetValue(asOf), "--as-of") ?? Today();
            }

            // No deadline: a watch runs until it is stopped.
            using var call = new ReceivablesService.ReceivablesServiceClient(session.Invoker).WatchCreditAlerts(request, cancellationToken: ct);
            try
            {
                await call.ResponseHeadersAsync;
                if (!session.Json)
                {
                    await session.Out.WriteLineAsync("watching credit alerts (Ctrl+C to stop)");
                }

                await foreach (var message in call.ResponseStream.ReadAllAsync(ct))
                {
                    if (session.Json)
                    {
                        // One object a line, so a script can read them as they come.
                        await session.Out.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(new
                        {
                            current = message.Current,
                            ledgerEntryId = message.LedgerEntryId == 0 ? (long?)null : message.LedgerEntryId,
                            importBatchId = message.ImportBatchId == 0 ? (long?)null : message.ImportBatchId,
                            droppedAlerts = message.DroppedAlerts,
                            alerts = message.Alerts.Select(AlertJson).ToList(),
                        }, LineJson));
                        continue;
                    }

                    if (message.DroppedAlerts > 0)
                    {
                        await session.Out.WriteLineAsync($"({message.DroppedAlerts} alerts were dropped: this watch read too slowly)");
                    }

                    var origin = message.Current ? "as it stands" : message.LedgerEntryId != 0 ? $"entry {message.LedgerEntryId} posted" : $"batch {message.ImportBatchId} imported";
                    foreach (var a in message.Alerts)
                    {
                        await session.Out.WriteLineAsync($"{origin}: {AlertLine(a)}");
                    }

                    if (message.Current && message.Alerts.Count == 0)
                    {
                        await session.Out.WriteLineAsync("no alerts as it stands");
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled } && ct.IsCancellationRequested)
            {
                // Ctrl+C: the watch ends as asked.
            }
        }));
        return watch;
    }

    private static readonly System.Text.Json.JsonSerializerOptions LineJson = new()
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>An alert as the JSON output of every command shows it.</summary>
    public sealed record CreditAlertJson(string Kind, string CustomerCode, string CustomerName, string Balance, string? CreditLimit, string? OverLimit,
        string? OverdueAmount, int OldestOverdueDays, string Currency);

    public static CreditAlertJson AlertJson(CreditAlert a) => new(Kind(a.Kind), a.CustomerCode, a.CustomerName, a.Balance.Value, a.CreditLimit?.Value,
        a.OverLimit?.Value, a.OverdueAmount?.Value, a.OldestOverdueDays, a.Currency);

    /// <summary>One alert as a line of text: "over-limit C001 某公司: balance 12000.00 CNY, limit 10000.00, over by 2000.00".</summary>
    public static string AlertLine(CreditAlert a)
    {
        var who = $"{Kind(a.Kind)} {a.CustomerCode} {a.CustomerName}: balance {a.Balance.Value} {a.Currency}";
        return a.Kind switch
        {
            CreditAlertKind.OverLimit => $"{who}, limit {a.CreditLimit?.Value}, over by {a.OverLimit?.Value}",
            CreditAlertKind.NearLimit => $"{who}, limit {a.CreditLimit?.Value}",
            _ => $"{who}, overdue {a.OverdueAmount?.Value}, oldest {a.OldestOverdueDays} days past due",
        };
    }

    private static CreditAlertKind ParseKind(string kind) => kind.Trim().ToLowerInvariant() switch
    {
        "over-limit" => CreditAlertKind.OverLimit,
        "near-limit" => CreditAlertKind.NearLimit,
        "overdue" => CreditAlertKind.Overdue,
        _ => throw new CliUsageException($"'{kind}' is not a credit alert kind; use over-limit, near-limit or overdue."),
    };

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
