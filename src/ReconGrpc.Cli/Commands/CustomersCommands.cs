using System.CommandLine;
using System.Globalization;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;
using Spectre.Console;

namespace ReconGrpc.Cli.Commands;

/// <summary><c>recon customers …</c>: the customer archive (客户档案).</summary>
public static class CustomersCommands
{
    public sealed record CustomerJson(
        long Id, string Code, string Name, string? ShortName, string Mnemonic, string CategoryCode, string? CreditCode, string? TaxNumber,
        string? BankName, string? BankAccount, string? Address, string? Phone, string? Contact, string? Region, string? Industry,
        string? CreditLimit, int PaymentTermsDays, string? DefaultTaxRate, string? SettlementMethod, string? ShipToAddress, string Status,
        IReadOnlyDictionary<string, string> Dimensions, long Version);

    public sealed record WarningJson(string CustomerCode, string CustomerName, string Reason);

    public sealed record SavedJson(CustomerJson Customer, IReadOnlyList<WarningJson> Warnings);

    public sealed record CheckJson(bool Duplicate, string? DuplicateReason, IReadOnlyList<WarningJson> Warnings);

    public sealed record FindingJson(string CustomerCode, string Rule, string Message);

    /// <summary>The options that set customer fields, shared by add and update.</summary>
    private sealed class FieldOptions
    {
        public Option<string?> Category { get; } = new("--category") { Description = "The leaf category's code" };
        public Option<string?> ShortName { get; } = new("--short-name") { Description = "简称" };
        public Option<string?> Mnemonic { get; } = new("--mnemonic") { Description = "助记码 (default: pinyin initials of the name)" };
        public Option<string?> CreditCode { get; } = new("--credit-code") { Description = "统一社会信用代码 (18 characters)" };
        public Option<string?> TaxNumber { get; } = new("--tax-number") { Description = "税号" };
        public Option<string?> Bank { get; } = new("--bank") { Description = "开户银行" };
        public Option<string?> Account { get; } = new("--account") { Description = "银行账号" };
        public Option<string?> Address { get; } = new("--address") { Description = "地址" };
        public Option<string?> Phone { get; } = new("--phone") { Description = "电话" };
        public Option<string?> Contact { get; } = new("--contact") { Description = "联系人" };
        public Option<string?> Region { get; } = new("--region") { Description = "地区" };
        public Option<string?> Industry { get; } = new("--industry") { Description = "行业" };
        public Option<string?> CreditLimit { get; } = new("--credit-limit") { Description = "信用额度, e.g. 50000.00" };
        public Option<string?> PaymentTerms { get; } = new("--payment-terms") { Description = "账期天数, e.g. 30" };
        public Option<string?> TaxRate { get; } = new("--tax-rate") { Description = "Default tax rate as a fraction, e.g. 0.13" };
        public Option<string?> Settlement { get; } = new("--settlement") { Description = "结算方式" };
        public Option<string?> ShipTo { get; } = new("--ship-to") { Description = "收货地址" };
        public Option<string?> Status { get; } = new("--status") { Description = "active or frozen" };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { Category, ShortName, Mnemonic, CreditCode, TaxNumber, Bank, Account, Address, Phone, Contact,
                         Region, Industry, CreditLimit, PaymentTerms, TaxRate, Settlement, ShipTo, Status })
            {
                command.Options.Add(option);
            }
        }

        /// <summary>Sets on <paramref name="fields"/> every field given on the command line; the others stay as they are.</summary>
        public void Apply(ParseResult parsed, CustomerFields fields)
        {
            void Set(Option<string?> option, Action<string> assign)
            {
                if (parsed.GetValue(option) is { } value)
                {
                    assign(value);
                }
            }

            Set(Category, v => fields.CategoryCode = v);
            Set(ShortName, v => fields.ShortName = v);
            Set(Mnemonic, v => fields.Mnemonic = v);
            Set(CreditCode, v => fields.CreditCode = v);
            Set(TaxNumber, v => fields.TaxNumber = v);
            Set(Bank, v => fields.BankName = v);
            Set(Account, v => fields.BankAccount = v);
            Set(Address, v => fields.Address = v);
            Set(Phone, v => fields.Phone = v);
            Set(Contact, v => fields.Contact = v);
            Set(Region, v => fields.Region = v);
            Set(Industry, v => fields.Industry = v);
            Set(CreditLimit, v => fields.CreditLimit = new DecimalValue { Value = CliInput.Amount(v, "--credit-limit") });
            Set(TaxRate, v => fields.DefaultTaxRate = new DecimalValue { Value = v });
            Set(Settlement, v => fields.SettlementMethod = v);
            Set(ShipTo, v => fields.ShipToAddress = v);
            Set(Status, v => fields.Status = ParseStatus(v));
            if (parsed.GetValue(PaymentTerms) is { } days)
            {
                fields.PaymentTermsDays = CliInput.Days(days, "--payment-terms");
            }
        }
    }

    public static Command Create(CliSessionFactory sessions)
    {
        var customers = new Command("customers", "The customer archive (客户档案)");
        customers.Subcommands.Add(Add(sessions));
        customers.Subcommands.Add(Update(sessions));
        customers.Subcommands.Add(Get(sessions));
        customers.Subcommands.Add(Remove(sessions));
        customers.Subcommands.Add(Search(sessions));
        customers.Subcommands.Add(Check(sessions));
        customers.Subcommands.Add(Reclassify(sessions));
        customers.Subcommands.Add(Quality(sessions));
        return customers;
    }

    private static CustomerService.CustomerServiceClient Client(CliSession session) => new(session.Invoker);

    private static Option<string[]> DimensionOption() => new("--dimension")
    {
        Description = "A dimension value as code=value (repeat for more)",
        AllowMultipleArgumentsPerToken = true,
    };

    private static Command Add(CliSessionFactory sessions)
    {
        var code = new Argument<string>("code") { Description = "Unique customer code" };
        var name = new Argument<string>("name") { Description = "The full registered name" };
        var dimensions = DimensionOption();
        var fieldOptions = new FieldOptions();
        var add = new Command("add", "Create a customer (refused if it duplicates one; near-duplicates are warned about)") { code, name, dimensions };
        fieldOptions.AddTo(add);
        add.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var fields = new CustomerFields { Code = parsed.GetValue(code)!, Name = parsed.GetValue(name)! };
            fieldOptions.Apply(parsed, fields);
            if (fields.CategoryCode.Length == 0)
            {
                throw new CliUsageException("--category is required: the code of a leaf category.");
            }

            var request = new CreateCustomerRequest { Fields = fields };
            request.Dimensions.Add(ParseDimensions(parsed.GetValue(dimensions)));
            var response = await Client(session).CreateCustomerAsync(request, session.Call(ct));
            await ShowSaved(session, response.Customer, response.Warnings, "created");
        }));
        return add;
    }

    private static Command Update(CliSessionFactory sessions)
    {
        var code = new Argument<string>("code") { Description = "The customer's code" };
        var name = new Option<string?>("--name") { Description = "A new name" };
        var dimensions = DimensionOption();
        var fieldOptions = new FieldOptions();
        var update = new Command("update", "Change a customer's fields (only those given)") { code, name, dimensions };
        fieldOptions.AddTo(update);
        update.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var client = Client(session);
            var current = (await client.GetCustomerAsync(new GetCustomerRequest { Code = parsed.GetValue(code)! }, session.Call(ct))).Customer;
            var fields = current.Fields.Clone();
            if (parsed.GetValue(name) is { } newName)
            {
                fields.Name = newName;
                // A new name means a new mnemonic unless one is given.
                fields.Mnemonic = "";
            }

            fieldOptions.Apply(parsed, fields);
            var response = await client.UpdateCustomerAsync(new UpdateCustomerRequest { Id = current.Id, Fields = fields, Version = current.Version }, session.Call(ct));
            var customer = response.Customer;
            if (parsed.GetValue(dimensions) is { Length: > 0 } given)
            {
                var set = new SetCustomerDimensionsRequest { Id = customer.Id, Version = customer.Version };
                set.Dimensions.Add(customer.Dimensions);
                set.Dimensions.Add(ParseDimensions(given));
                customer = (await client.SetCustomerDimensionsAsync(set, session.Call(ct))).Customer;
            }

            await ShowSaved(session, customer, response.Warnings, "updated");
        }));
        return update;
    }

    private static Command Get(CliSessionFactory sessions)
    {
        var code = new Argument<string>("code") { Description = "The customer's code" };
        var get = new Command("get", "Show one customer") { code };
        get.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var customer = (await Client(session).GetCustomerAsync(new GetCustomerRequest { Code = parsed.GetValue(code)! }, session.Call(ct))).Customer;
            if (session.Json)
            {
                await session.WriteJsonAsync(ToJson(customer));
                return;
            }

            var grid = new Grid().AddColumn().AddColumn();
            // Fields the customer has; the empty ones would only lengthen the card (--json lists every field).
            foreach (var (label, value) in Describe(customer).Where(field => field.Item2.Length > 0))
            {
                grid.AddRow(Markup.Escape(label), Markup.Escape(value));
            }

            session.Console.Write(grid);
        }));
        return get;
    }

    private static Command Remove(CliSessionFactory sessions)
    {
        var code = new Argument<string>("code") { Description = "The customer's code" };
        var remove = new Command("rm", "Delete a customer without ledger entries (freeze one that has them)") { code };
        remove.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var client = Client(session);
            var customer = (await client.GetCustomerAsync(new GetCustomerRequest { Code = parsed.GetValue(code)! }, session.Call(ct))).Customer;
            await client.DeleteCustomerAsync(new DeleteCustomerRequest { Id = customer.Id, Version = customer.Version }, session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(new { deleted = customer.Fields.Code });
            }
            else
            {
                await session.Out.WriteLineAsync($"deleted {customer.Fields.Code} {customer.Fields.Name}");
            }
        }));
        return remove;
    }

    private static Command Search(CliSessionFactory sessions)
    {
        var prefix = new Argument<string?>("prefix") { Description = "Code, name or mnemonic prefix (上海 or SH)", Arity = ArgumentArity.ZeroOrOne };
        var category = new Option<string?>("--category") { Description = "Only customers in this category" };
        var descendants = new Option<bool>("--descendants") { Description = "With --category: include its sub-categories" };
        var dimensions = DimensionOption();
        var status = new Option<string?>("--status") { Description = "active or frozen" };
        var minCredit = new Option<string?>("--min-credit-limit") { Description = "Credit limit at least" };
        var maxCredit = new Option<string?>("--max-credit-limit") { Description = "Credit limit at most" };
        var limit = CliInput.WholeNumberOption("--limit", "At most this many customers", "a count", 1, "100");
        limit.DefaultValueFactory = _ => 100;
        var from = new Option<string?>("--from") { Description = "The first month (YYYY-MM) of the period the purchase and overdue filters look at" };
        var to = new Option<string?>("--to") { Description = "The last month (YYYY-MM) of the period; overdue is taken at its end" };
        var minPurchases = new Option<string?>("--min-purchases") { Description = "Purchases in the period (sales less returns) at least" };
        var maxPurchases = new Option<string?>("--max-purchases") { Description = "Purchases in the period at most" };
        var minMonthly = new Option<string?>("--min-monthly") { Description = "Average monthly purchases in the period at least" };
        var maxMonthly = new Option<string?>("--max-monthly") { Description = "Average monthly purchases in the period at most" };
        var minActive = CliInput.WholeNumberOption("--min-months-active", "Months of the period with purchases, at least", "a count", 1, "6");
        var sinceBefore = new Option<string?>("--since-before") { Description = "Customers since before this day (first entry or creation; YYYY-MM-DD)" };
        var minOverdue = new Option<string?>("--min-overdue") { Description = "Past due at the period's end, at least" };
        var currency = new Option<string?>("--currency") { Description = "The currency of the computed figures" };
        var search = new Command("search", "Find customers, optionally by purchases, months active, customer since and overdue over a period")
        {
            prefix, category, descendants, dimensions, status, minCredit, maxCredit, limit,
            from, to, minPurchases, maxPurchases, minMonthly, maxMonthly, minActive, sinceBefore, minOverdue, currency,
        };
        search.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var request = new SearchCustomersRequest
            {
                Prefix = parsed.GetValue(prefix) ?? "",
                CategoryCode = parsed.GetValue(category) ?? "",
                IncludeDescendants = parsed.GetValue(descendants),
                Status = parsed.GetValue(status) is { } s ? ParseStatus(s) : CustomerStatus.Unspecified,
                MinCreditLimit = ReconFormat.ToDecimal(parsed.GetValue(minCredit), "--min-credit-limit"),
                MaxCreditLimit = ReconFormat.ToDecimal(parsed.GetValue(maxCredit), "--max-credit-limit"),
                PeriodStart = parsed.GetValue(from) is { } f ? ReceivablesCommands.MonthOrDay(f, "--from", last: false) : null,
                PeriodEnd = parsed.GetValue(to) is { } t ? ReceivablesCommands.MonthOrDay(t, "--to", last: true) : null,
                MinTotalPurchases = ReconFormat.ToDecimal(parsed.GetValue(minPurchases), "--min-purchases"),
                MaxTotalPurchases = ReconFormat.ToDecimal(parsed.GetValue(maxPurchases), "--max-purchases"),
                MinAverageMonthlyPurchases = ReconFormat.ToDecimal(parsed.GetValue(minMonthly), "--min-monthly"),
                MaxAverageMonthlyPurchases = ReconFormat.ToDecimal(parsed.GetValue(maxMonthly), "--max-monthly"),
                MinMonthsActive = parsed.GetValue(minActive),
                CustomerSinceBefore = ReconFormat.ToDate(parsed.GetValue(sinceBefore), "--since-before"),
                MinOverdueBalance = ReconFormat.ToDecimal(parsed.GetValue(minOverdue), "--min-overdue"),
                Currency = parsed.GetValue(currency) ?? "",
            };
            request.Dimensions.Add(ParseDimensions(parsed.GetValue(dimensions)));
            var wanted = Math.Max(1, parsed.GetValue(limit));
            var found = new List<Customer>();
            var figures = new Dictionary<string, CustomerFigures>(StringComparer.Ordinal);
            do
            {
                request.PageSize = Math.Min(1000, wanted - found.Count);
                var page = await Client(session).SearchCustomersAsync(request, session.Call(ct));
                found.AddRange(page.Customers);
                foreach (var figure in page.Figures)
                {
                    figures[figure.CustomerCode] = figure;
                }

                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0 && found.Count < wanted);

            if (session.Json)
            {
                if (figures.Count > 0)
                {
                    await session.WriteJsonAsync(found.Select(c => new { customer = ToJson(c), figures = figures.TryGetValue(c.Fields.Code, out var x) ? ToJson(x) : null }).ToList());
                }
                else
                {
                    await session.WriteJsonAsync(found.Select(ToJson).ToList());
                }

                return;
            }

            var table = new Table().AddColumns("code", "name", "mnemonic", "category", "credit limit", "status");
            if (figures.Count > 0)
            {
                table.AddColumns("purchases", "monthly", "months active", "since", "overdue");
            }

            foreach (var c in found)
            {
                var cells = new List<string> { Markup.Escape(c.Fields.Code), Markup.Escape(c.Fields.Name), c.Fields.Mnemonic, Markup.Escape(c.Fields.CategoryCode),
                    c.Fields.CreditLimit?.Value ?? "", StatusName(c.Fields.Status) };
                if (figures.Count > 0 && figures.TryGetValue(c.Fields.Code, out var x))
                {
                    cells.AddRange([x.TotalPurchases?.Value ?? "", x.AverageMonthlyPurchases?.Value ?? "",
                        x.Months == 0 ? "" : $"{x.MonthsActive}/{x.Months}", ReconFormat.Text(x.CustomerSince) ?? "", x.OverdueBalance?.Value ?? ""]);
                }

                table.AddRow(cells.ToArray());
            }

            session.Console.Write(table);
        }));
        return search;
    }

    private static Command Check(CliSessionFactory sessions)
    {
        var name = new Argument<string>("name") { Description = "The candidate's name" };
        var creditCode = new Option<string?>("--credit-code") { Description = "The candidate's 统一社会信用代码" };
        var code = new Option<string?>("--code") { Description = "The candidate's code" };
        var check = new Command("check", "Would this customer be a duplicate? (creates nothing)") { name, creditCode, code };
        check.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var response = await Client(session).CheckDuplicatesAsync(new CheckDuplicatesRequest
            {
                Name = parsed.GetValue(name)!, CreditCode = parsed.GetValue(creditCode) ?? "", Code = parsed.GetValue(code) ?? "",
            }, session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(new CheckJson(response.Duplicate, response.Duplicate ? response.DuplicateReason : null,
                    response.Warnings.Select(ToJson).ToList()));
                return;
            }

            await session.Out.WriteLineAsync(response.Duplicate ? $"duplicate: {response.DuplicateReason}" : "not a duplicate");
            foreach (var warning in response.Warnings)
            {
                await session.Out.WriteLineAsync($"similar: {warning.CustomerCode} {warning.CustomerName} ({warning.Reason})");
            }
        }));
        return check;
    }

    private static Command Reclassify(CliSessionFactory sessions)
    {
        var code = new Argument<string>("code") { Description = "The customer's code" };
        var category = new Option<string>("--category") { Description = "The new leaf category", Required = true };
        var effective = new Option<string>("--effective") { Description = "From when, as YYYY-MM-DD", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why (kept in the audit log)", Required = true };
        var reclassify = new Command("reclassify", "Move a customer to another category from a date, keeping its history") { code, category, effective, reason };
        reclassify.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var date = CliInput.Date(parsed.GetValue(effective)!, "--effective");
            var client = Client(session);
            var customer = (await client.GetCustomerAsync(new GetCustomerRequest { Code = parsed.GetValue(code)! }, session.Call(ct))).Customer;
            var response = await client.ReclassifyCustomerAsync(new ReclassifyCustomerRequest
            {
                Id = customer.Id,
                CategoryCode = parsed.GetValue(category)!,
                EffectiveDate = new Date { Year = date.Year, Month = date.Month, Day = date.Day },
                Reason = parsed.GetValue(reason)!,
                Version = customer.Version,
            }, session.Call(ct));
            await ShowSaved(session, response.Customer, [], "reclassified");
        }));
        return reclassify;
    }

    private static Command Quality(CliSessionFactory sessions)
    {
        var quality = new Command("quality", "Run the data-quality check (客户档案清理) over the whole archive");
        quality.SetAction(sessions.Run(async (session, _, ct) =>
        {
            var report = await Client(session).RunDataQualityCheckAsync(new RunDataQualityCheckRequest(), session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(new
                {
                    customersChecked = report.CustomersChecked,
                    findings = report.Findings.Select(f => new FindingJson(f.CustomerCode, f.Rule, f.Message)).ToList(),
                });
                return;
            }

            var table = new Table().AddColumns("customer", "rule", "finding");
            foreach (var f in report.Findings)
            {
                table.AddRow(Markup.Escape(f.CustomerCode), f.Rule, Markup.Escape(f.Message));
            }

            session.Console.Write(table);
            await session.Out.WriteLineAsync($"{report.Findings.Count} finding(s) over {report.CustomersChecked} customer(s)");
        }));
        return quality;
    }

    private static Dictionary<string, string> ParseDimensions(string[]? values) => ParsePairs(values, "--dimension", "code=value", "customer_type=经销商");

    /// <summary>Repeated name=value options (--dimension, an importer's --option), or a usage error naming the option.</summary>
    internal static Dictionary<string, string> ParsePairs(string[]? values, string option, string shape, string example)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in values ?? [])
        {
            var split = pair.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0 || split == pair.Length - 1)
            {
                throw new CliUsageException($"{option} '{pair}' must be {shape}, e.g. {example}.");
            }

            result[pair[..split].Trim()] = pair[(split + 1)..].Trim();
        }

        return result;
    }

    private static CustomerStatus ParseStatus(string text) => text switch
    {
        "active" => CustomerStatus.Active,
        "frozen" => CustomerStatus.Frozen,
        _ => throw new CliUsageException($"'{text}' is not a status; use active or frozen."),
    };

    private static string StatusName(CustomerStatus status) => status == CustomerStatus.Frozen ? "frozen" : "active";

    private static string? Empty(string value) => value.Length == 0 ? null : value;

    internal static CustomerJson ToJson(Customer c)
    {
        var f = c.Fields;
        return new CustomerJson(c.Id, f.Code, f.Name, Empty(f.ShortName), f.Mnemonic, f.CategoryCode, Empty(f.CreditCode), Empty(f.TaxNumber),
            Empty(f.BankName), Empty(f.BankAccount), Empty(f.Address), Empty(f.Phone), Empty(f.Contact), Empty(f.Region), Empty(f.Industry),
            f.CreditLimit?.Value, f.PaymentTermsDays, f.DefaultTaxRate?.Value, Empty(f.SettlementMethod), Empty(f.ShipToAddress),
            StatusName(f.Status), c.Dimensions.ToDictionary(), c.Version);
    }

    private static object ToJson(CustomerFigures f) => new
    {
        currency = Empty(f.Currency),
        totalPurchases = f.TotalPurchases?.Value,
        averageMonthlyPurchases = f.AverageMonthlyPurchases?.Value,
        monthsActive = f.MonthsActive,
        months = f.Months,
        customerSince = ReconFormat.Text(f.CustomerSince),
        overdueBalance = f.OverdueBalance?.Value,
    };

    private static WarningJson ToJson(DuplicateWarning w) => new(w.CustomerCode, w.CustomerName, w.Reason);

    private static IEnumerable<(string, string)> Describe(Customer c)
    {
        var f = c.Fields;
        yield return ("code 编码", f.Code);
        yield return ("name 名称", f.Name);
        yield return ("short name 简称", f.ShortName);
        yield return ("mnemonic 助记码", f.Mnemonic);
        yield return ("category 分类", f.CategoryCode);
        yield return ("credit code 统一社会信用代码", f.CreditCode);
        yield return ("tax number 税号", f.TaxNumber);
        yield return ("bank 开户银行", f.BankName);
        yield return ("account 银行账号", f.BankAccount);
        yield return ("address 地址", f.Address);
        yield return ("phone 电话", f.Phone);
        yield return ("contact 联系人", f.Contact);
        yield return ("region 地区", f.Region);
        yield return ("industry 行业", f.Industry);
        yield return ("credit limit 信用额度", f.CreditLimit?.Value ?? "");
        yield return ("payment terms 账期", $"{f.PaymentTermsDays} days");
        yield return ("tax rate 税率", f.DefaultTaxRate?.Value ?? "");
        yield return ("settlement 结算方式", f.SettlementMethod);
        yield return ("ship to 发货地址", f.ShipToAddress);
        yield return ("status 状态", StatusName(f.Status));
        foreach (var (dimension, value) in c.Dimensions)
        {
            yield return ($"dimension {dimension}", value);
        }

        yield return ("version", c.Version.ToString(CultureInfo.InvariantCulture));
    }

    private static async Task ShowSaved(CliSession session, Customer customer, IEnumerable<DuplicateWarning> warnings, string what)
    {
        var list = warnings.ToList();
        if (session.Json)
        {
            await session.WriteJsonAsync(new SavedJson(ToJson(customer), list.Select(ToJson).ToList()));
            return;
        }

        await session.Out.WriteLineAsync($"{what} {customer.Fields.Code} {customer.Fields.Name} ({customer.Fields.Mnemonic}, category {customer.Fields.CategoryCode})");
        foreach (var warning in list)
        {
            await session.Out.WriteLineAsync($"warning: similar to {warning.CustomerCode} {warning.CustomerName} ({warning.Reason})");
        }
    }
}
