using System.CommandLine;
using ReconGrpc.Cli.Infrastructure;
using ReconGrpc.Contracts.V1;
using Spectre.Console;

namespace ReconGrpc.Cli.Commands;

/// <summary><c>recon categories …</c>: the coding scheme, the category tree (客户分类) and dimensions (自定义项).</summary>
public static class CategoriesCommands
{
    public sealed record SchemeJson(string Pattern, IReadOnlyList<int> LevelLengths, long Version);

    public sealed record CategoryJson(string Code, string Name, string? ParentCode, int Level, bool Leaf, long Version);

    public sealed record DimensionJson(string Code, string Name, IReadOnlyList<string> AllowedValues, long Version);

    public static Command Create(CliSessionFactory sessions)
    {
        var categories = new Command("categories", "Customer categories (客户分类), the coding scheme and dimensions");
        categories.Subcommands.Add(Scheme(sessions));
        categories.Subcommands.Add(Add(sessions));
        categories.Subcommands.Add(Rename(sessions));
        categories.Subcommands.Add(Remove(sessions));
        categories.Subcommands.Add(List(sessions));
        categories.Subcommands.Add(Dimensions(sessions));
        return categories;
    }

    private static CategoryService.CategoryServiceClient Client(CliSession session) => new(session.Invoker);

    private static Command Scheme(CliSessionFactory sessions)
    {
        var scheme = new Command("scheme", "Show or change the coding scheme (编码方案), e.g. 2-2-3");
        var get = new Command("get", "Show the coding scheme");
        get.SetAction(sessions.Run(async (session, _, ct) =>
        {
            var response = await Client(session).GetCodingSchemeAsync(new GetCodingSchemeRequest(), session.Call(ct));
            await ShowScheme(session, response.Scheme);
        }));

        var pattern = new Argument<string>("pattern") { Description = "Level lengths separated by '-', e.g. 2-2-3" };
        var set = new Command("set", "Change the coding scheme (admin); refused if existing codes would break") { pattern };
        set.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var lengths = ParsePattern(parsed.GetValue(pattern)!);
            var client = Client(session);
            var current = await client.GetCodingSchemeAsync(new GetCodingSchemeRequest(), session.Call(ct));
            var response = await client.SetCodingSchemeAsync(
                new SetCodingSchemeRequest { LevelLengths = { lengths }, Version = current.Scheme.Version }, session.Call(ct));
            await ShowScheme(session, response.Scheme);
        }));

        scheme.Subcommands.Add(get);
        scheme.Subcommands.Add(set);
        return scheme;
    }

    private static Command Add(CliSessionFactory sessions)
    {
        var code = new Argument<string>("code") { Description = "The full code: the parent's code plus this level's segment, e.g. 0101" };
        var name = new Argument<string>("name") { Description = "The name, unique among siblings" };
        var add = new Command("add", "Create a category") { code, name };
        add.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var response = await Client(session).CreateCategoryAsync(
                new CreateCategoryRequest { Code = parsed.GetValue(code)!, Name = parsed.GetValue(name)! }, session.Call(ct));
            await ShowCategory(session, response.Category, "created");
        }));
        return add;
    }

    private static Command Rename(CliSessionFactory sessions)
    {
        var code = new Argument<string>("code") { Description = "The category's code" };
        var name = new Argument<string>("name") { Description = "The new name" };
        var version = CliInput.OptionalWholeNumberOption("--version", "The version you read (default: the current one)", "a version", 1L, "3");
        var rename = new Command("rename", "Rename a category") { code, name, version };
        rename.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var client = Client(session);
            var target = parsed.GetValue(code)!;
            var expected = parsed.GetValue(version)
                ?? (await client.GetCategoryAsync(new GetCategoryRequest { Code = target }, session.Call(ct))).Category.Version;
            var response = await client.UpdateCategoryAsync(
                new UpdateCategoryRequest { Code = target, Name = parsed.GetValue(name)!, Version = expected }, session.Call(ct));
            await ShowCategory(session, response.Category, "renamed");
        }));
        return rename;
    }

    private static Command Remove(CliSessionFactory sessions)
    {
        var code = new Argument<string>("code") { Description = "The category's code" };
        var version = CliInput.OptionalWholeNumberOption("--version", "The version you read (default: the current one)", "a version", 1L, "3");
        var remove = new Command("rm", "Delete a category without children or customers") { code, version };
        remove.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var client = Client(session);
            var target = parsed.GetValue(code)!;
            var expected = parsed.GetValue(version)
                ?? (await client.GetCategoryAsync(new GetCategoryRequest { Code = target }, session.Call(ct))).Category.Version;
            await client.DeleteCategoryAsync(new DeleteCategoryRequest { Code = target, Version = expected }, session.Call(ct));
            if (session.Json)
            {
                await session.WriteJsonAsync(new { deleted = target });
            }
            else
            {
                await session.Out.WriteLineAsync($"deleted {target}");
            }
        }));
        return remove;
    }

    private static Command List(CliSessionFactory sessions)
    {
        var root = new Argument<string?>("root") { Description = "List under this category (default: the whole tree)", Arity = ArgumentArity.ZeroOrOne };
        var children = new Option<bool>("--children") { Description = "Only one level: the root's direct children" };
        var list = new Command("list", "List categories as a tree") { root, children };
        list.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var client = Client(session);
            var all = new List<Category>();
            var token = "";
            do
            {
                var page = await client.ListCategoriesAsync(new ListCategoriesRequest
                {
                    RootCode = parsed.GetValue(root) ?? "",
                    Depth = parsed.GetValue(children) ? CategoryListDepth.Children : CategoryListDepth.Subtree,
                    PageSize = 1000,
                    PageToken = token,
                }, session.Call(ct));
                all.AddRange(page.Categories);
                token = page.NextPageToken;
            }
            while (token.Length > 0);

            if (session.Json)
            {
                await session.WriteJsonAsync(all.Select(ToJson).ToList());
                return;
            }

            session.Console.Write(DrawTree(all));
        }));
        return list;
    }

    private static Command Dimensions(CliSessionFactory sessions)
    {
        var dimensions = new Command("dimensions", "Dimensions (自定义项) that cross-classify customers");

        var code = new Argument<string>("code") { Description = "A stable identifier, e.g. customer_type" };
        var name = new Argument<string>("name") { Description = "The display name, e.g. 客户类型" };
        var values = new Option<string[]>("--value") { Description = "An allowed value (repeat the option for each)", Required = true, AllowMultipleArgumentsPerToken = true };
        var add = new Command("add", "Create a dimension") { code, name, values };
        add.SetAction(sessions.Run(async (session, parsed, ct) =>
        {
            var response = await Client(session).CreateDimensionAsync(new CreateDimensionRequest
            {
                Code = parsed.GetValue(code)!, Name = parsed.GetValue(name)!, AllowedValues = { parsed.GetValue(values)! },
            }, session.Call(ct));
            await ShowDimensions(session, [response.Dimension]);
        }));

        var list = new Command("list", "List dimensions");
        list.SetAction(sessions.Run(async (session, _, ct) =>
        {
            var all = new List<Dimension>();
            var token = "";
            do
            {
                var page = await Client(session).ListDimensionsAsync(new ListDimensionsRequest { PageSize = 1000, PageToken = token }, session.Call(ct));
                all.AddRange(page.Dimensions);
                token = page.NextPageToken;
            }
            while (token.Length > 0);

            await ShowDimensions(session, all);
        }));

        dimensions.Subcommands.Add(add);
        dimensions.Subcommands.Add(list);
        return dimensions;
    }

    internal static List<int> ParsePattern(string pattern)
    {
        var lengths = new List<int>();
        foreach (var part in pattern.Split('-'))
        {
            if (!int.TryParse(part, out var length) || length <= 0)
            {
                throw new CliUsageException($"'{pattern}' is not a coding scheme; write level lengths separated by '-', e.g. 2-2-3.");
            }

            lengths.Add(length);
        }

        return lengths;
    }

    internal static Tree DrawTree(IReadOnlyList<Category> categories)
    {
        var tree = new Tree("[bold]客户分类[/]");
        var nodes = new Dictionary<string, TreeNode>(StringComparer.Ordinal);
        foreach (var category in categories)
        {
            var label = Markup.Escape($"{category.Code} {category.Name}") + (category.Leaf ? "" : " [grey](+)[/]");
            var node = nodes.TryGetValue(category.ParentCode, out var parent) ? parent.AddNode(label) : tree.AddNode(label);
            nodes[category.Code] = node;
        }

        return tree;
    }

    private static CategoryJson ToJson(Category c) =>
        new(c.Code, c.Name, c.ParentCode.Length == 0 ? null : c.ParentCode, c.Level, c.Leaf, c.Version);

    private static async Task ShowScheme(CliSession session, CodingScheme scheme)
    {
        if (session.Json)
        {
            await session.WriteJsonAsync(new SchemeJson(scheme.Pattern, scheme.LevelLengths.ToList(), scheme.Version));
        }
        else
        {
            await session.Out.WriteLineAsync($"coding scheme {scheme.Pattern} (version {scheme.Version})");
        }
    }

    private static async Task ShowCategory(CliSession session, Category category, string what)
    {
        if (session.Json)
        {
            await session.WriteJsonAsync(ToJson(category));
        }
        else
        {
            await session.Out.WriteLineAsync($"{what} {category.Code} {category.Name} (level {category.Level}, version {category.Version})");
        }
    }

    private static async Task ShowDimensions(CliSession session, IReadOnlyList<Dimension> dimensions)
    {
        if (session.Json)
        {
            await session.WriteJsonAsync(dimensions.Select(d => new DimensionJson(d.Code, d.Name, d.AllowedValues.ToList(), d.Version)).ToList());
            return;
        }

        var table = new Table().AddColumns("code", "name", "allowed values", "version");
        foreach (var d in dimensions)
        {
            table.AddRow(Markup.Escape(d.Code), Markup.Escape(d.Name), Markup.Escape(string.Join(" / ", d.AllowedValues)), d.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        session.Console.Write(table);
    }
}
