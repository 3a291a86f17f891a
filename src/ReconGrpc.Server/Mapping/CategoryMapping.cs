using ReconGrpc.Application.Archive;
using ReconGrpc.Domain.Categories;
using V1 = ReconGrpc.Contracts.V1;

namespace ReconGrpc.Server.Mapping;

public static class CategoryMapping
{
    public static V1.CodingScheme ToProto(this CodingSchemeSetting setting) => new()
    {
        LevelLengths = { setting.Scheme.LevelLengths },
        Pattern = setting.Pattern,
        Version = setting.Version,
    };

    public static V1.Category ToProto(this CategoryView view) => new()
    {
        Code = view.Category.Code,
        Name = view.Category.Name,
        ParentCode = view.Category.ParentCode ?? "",
        Level = view.Category.Level,
        Leaf = view.IsLeaf,
        Version = view.Category.Version,
        CreateTime = view.Category.CreatedAt.ToProto(),
        UpdateTime = view.Category.UpdatedAt.ToProto(),
    };

    public static CategoryListDepth ToDomain(this V1.CategoryListDepth depth) => depth switch
    {
        V1.CategoryListDepth.Children => CategoryListDepth.Children,
        _ => CategoryListDepth.Subtree,
    };

    public static V1.Dimension ToProto(this Dimension dimension) => new()
    {
        Code = dimension.Code,
        Name = dimension.Name,
        AllowedValues = { dimension.AllowedValues },
        Version = dimension.Version,
        CreateTime = dimension.CreatedAt.ToProto(),
        UpdateTime = dimension.UpdatedAt.ToProto(),
    };
}
