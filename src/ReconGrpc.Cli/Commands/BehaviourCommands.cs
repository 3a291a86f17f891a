using System.CommandLine;
using System.Globalization;
using System.Text;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;
using Spectre.Console;

namespace ReconGrpc.Cli.Commands;

/// <summary><c>recon report behaviour</c> and <c>recon suggest</c>: how customers buy and pay, and what that suggests.</summary>
public static class BehaviourCommands
{
    /// <summary><c>recon report behaviour</c>: DSO, days to pay, on-time share, monthly sales (数据分析).</summary>
    public static Command CreateBehaviour(CliSessionFactory sessions)
    {
        var customer = new Option<string?>("--customer") { Description = "Only this customer (its months are listed too)" };
        var category = new Option<string?>("--category") { Description = "Only customers of this category and its descendants" };
        var from = new Option<string>("--from") { Description = "The first month (YYYY-MM)", Required = true };
        var to = new Option<string>("--to") { Description = "The last month (YYYY-MM)", Required = true };
        var by = new Option<string?>("--by") { Description = "customer (default) or category" };
        var level = new Option<int>("--level") { Description = "With --by category: the level to roll up to (default: the level below --category, or the top)" };
        var currency = new Option<string?>("--currency") { Description = "Only entries in this currency" };
        var behaviour = new Command("behaviour", "Payment behaviour (数据分析): DSO, days to pay, share paid on time, monthly sales") { customer, category, from, to, by, level, currency };
        behaviour.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var response = await new ReceivablesService.ReceivablesServiceClient(session.Invoker).GetPaymentBehaviourAsync(new GetPaymentBehaviourRequest
            {
                FromMonth = parsed.GetValue(from)!,
                ToMonth = parsed.GetValue(to)!,
                CustomerCode = parsed.GetValue(customer) ?? "",
                CategoryCode = parsed.GetValue(category) ?? "",
                CategoryLevel = parsed.GetValue(level),
                Currency = parsed.GetValue(currency) ?? "",
                GroupBy = parsed.GetValue(by) switch
                {
                    null or "customer" => AgingGrouping.Customer,
                    "category" => AgingGrouping.Category,
                    var other => throw new CliUsageException($"--by is customer or category, not '{other}'."),
                },
            }, session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(new
                {
                    fromMonth = response.FromMonth,
                    toMonth = response.ToMonth,
                    days = response.Days,
                    currency = response.Currency,
                    rows = response.Rows.Select(RowJson).ToList(),
                    total = RowJson(response.Total),
                });
                return;
            }

            var table = new Table().AddColumns("code", "name", "sales", "avg/month", "DSO", "days to pay", "on time %", "active", "variation", "balance", "overdue");
            foreach (var row in response.Rows.Append(response.Total))
            {
                table.AddRow(Markup.Escape(row.Code), Markup.Escape(row.Name), row.Sales.Value, row.AverageMonthlySales.Value, row.Dso?.Value ?? "-",
                    row.AverageDaysToPay?.Value ?? "-", row.OnTimePercent?.Value ?? "-", $"{row.MonthsActive}/{row.MonthCount}", row.SalesVariation?.Value ?? "-",
                    row.Balance.Value, row.Overdue.Value);
            }

            session.Console.Write(table);
            if (response.Rows.Count == 1 && parsed.GetValue(customer) is not null)
            {
                var months = new Table().AddColumns("month", "sales", "closing balance");
                foreach (var m in response.Rows[0].Months)
                {
                    months.AddRow(m.Month, m.Sales.Value, m.ClosingBalance.Value);
                }

                session.Console.Write(months);
            }

            await session.Out.WriteLineAsync($"{response.FromMonth} to {response.ToMonth} ({response.Days} days), {response.Currency}; DSO = average month-end balance / sales × days");
        }));
        return behaviour;
    }

    private static object RowJson(PaymentBehaviourRow r) => new
    {
        code = r.Code,
        name = r.Name,
        customerCount = r.CustomerCount,
        sales = r.Sales.Value,
        averageMonthlySales = r.AverageMonthlySales.Value,
        averageReceivables = r.AverageReceivables.Value,
        dso = r.Dso?.Value,
        settledByReceipts = r.SettledByReceipts.Value,
        averageDaysToPay = r.AverageDaysToPay?.Value,
        onTimePercent = r.OnTimePercent?.Value,
        monthsActive = r.MonthsActive,
        monthCount = r.MonthCount,
        salesVariation = r.SalesVariation?.Value,
        balance = r.Balance.Value,
        overdue = r.Overdue.Value,
        months = r.Months.Select(m => new { month = m.Month, sales = m.Sales.Value, closingBalance = m.ClosingBalance.Value }).ToList(),
    };

    /// <summary><c>recon suggest</c>: proposed categories or dimension values, and the commands that accept them.</summary>
    public static Command CreateSuggest(CliSessionFactory sessions)
    {
        var category = new Option<string?>("--category") { Description = "Only customers of this category and its descendants" };
        var window = new Option<int>("--window-months") { Description = "Months of behaviour to judge (default 12)" };
        var to = new Option<string?>("--to") { Description = "The window's last month (YYYY-MM; default the month before this one)" };
        var currency = new Option<string?>("--currency") { Description = "Only entries in this currency" };
        var suggest = new Command("suggest", "Propose categories from payment behaviour (nothing is changed: prints the commands that accept)") { category, window, to, currency };
        suggest.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var response = await new CustomerService.CustomerServiceClient(session.Invoker).SuggestClassificationsAsync(new SuggestClassificationsRequest
            {
                CategoryCode = parsed.GetValue(category) ?? "",
                WindowMonths = parsed.GetValue(window),
                ToMonth = parsed.GetValue(to) ?? "",
                Currency = parsed.GetValue(currency) ?? "",
            }, session.Call(ct));
            foreach (var problem in response.Problems)
            {
                await session.Error.WriteLineAsync($"warning: rule {problem.RuleNumber} ({problem.RuleName}) {problem.Message} It matched {problem.CustomersMatched} customer(s), who get no suggestion.");
            }

            if (session.Json)
            {
                await session.WriteJsonAsync(new
                {
                    enabled = response.Enabled,
                    fromMonth = response.FromMonth,
                    toMonth = response.ToMonth,
                    currency = response.Currency,
                    customersConsidered = response.CustomersConsidered,
                    suggestions = response.Suggestions.Select(s => new
                    {
                        customerCode = s.CustomerCode, customerName = s.CustomerName, currentCategory = s.CurrentCategoryCode, rule = s.RuleNumber, ruleName = s.RuleName,
                        category = ReconFormat.Empty(s.CategoryCode), dimension = ReconFormat.Empty(s.DimensionCode), value = ReconFormat.Empty(s.DimensionValue),
                        reason = s.Reason, accept = AcceptCommand(s),
                    }).ToList(),
                    problems = response.Problems.Select(p => new { rule = p.RuleNumber, ruleName = p.RuleName, message = p.Message, customersMatched = p.CustomersMatched }).ToList(),
                });
                return;
            }

            if (!response.Enabled)
            {
                await session.Out.WriteLineAsync("Suggestions are turned off on the server (Suggestions:Enabled).");
                return;
            }

            await session.Out.WriteLineAsync($"{response.Suggestions.Count} suggestion(s) for {response.CustomersConsidered} customer(s), {response.FromMonth} to {response.ToMonth}, {response.Currency}");
            if (response.Suggestions.Count == 0)
            {
                return;
            }

            var table = new Table().AddColumns("customer", "name", "now", "suggested", "rule", "why");
            foreach (var s in response.Suggestions)
            {
                var target = s.CategoryCode.Length > 0 ? $"{s.CategoryCode} {s.CategoryName}" : $"{s.DimensionCode}={s.DimensionValue}";
                table.AddRow(Markup.Escape(s.CustomerCode), Markup.Escape(s.CustomerName), Markup.Escape(s.CurrentCategoryCode), Markup.Escape(target),
                    Markup.Escape($"{s.RuleNumber} {s.RuleName}"), Markup.Escape(s.Reason));
            }

            session.Console.Write(table);
            await session.Out.WriteLineAsync("To accept one, run its command:");
            foreach (var s in response.Suggestions)
            {
                await session.Out.WriteLineAsync("  " + AcceptCommand(s));
            }
        }));
        return suggest;
    }

    /// <summary>The command line that makes the call a suggestion names.</summary>
    internal static string AcceptCommand(ClassificationSuggestion s)
    {
        if (s.Reclassify is { } r)
        {
            var date = new DateOnly(r.EffectiveDate.Year, r.EffectiveDate.Month, r.EffectiveDate.Day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return $"recon customers reclassify {Quote(s.CustomerCode)} --category {Quote(r.CategoryCode)} --effective {date} --reason {Quote(r.Reason)}";
        }

        return $"recon customers update {Quote(s.CustomerCode)} --dimension {Quote(s.DimensionCode + "=" + s.DimensionValue)}";
    }

    /// <summary>A POSIX shell word: bare when safe, else in single quotes.</summary>
    private static string Quote(string word)
    {
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '=' or '/'))
        {
            return word;
        }

        var quoted = new StringBuilder("'");
        foreach (var c in word)
        {
            quoted.Append(c == '\'' ? "'\\''" : c.ToString());
        }

        return quoted.Append('\'').ToString();
    }
}
