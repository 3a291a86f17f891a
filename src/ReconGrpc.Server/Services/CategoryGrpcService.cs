using Grpc.Core;
using ReconGrpc.Application;
using ReconGrpc.Application.Archive;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Server.Auth;
using ReconGrpc.Server.Errors;
using ReconGrpc.Server.Mapping;
using DomainRole = ReconGrpc.Domain.Access.Role;

namespace ReconGrpc.Server.Services;

[BindServiceMethod(typeof(CategoryGrpcService), nameof(Bind))]
public sealed class CategoryGrpcService(CategoryCatalog catalog, PageTokens tokens) : CategoryService.CategoryServiceBase
{
    /// <summary>Binds the RPCs so a request that is not a valid message is refused as INVALID_ARGUMENT.</summary>
    public static void Bind(ServiceBinderBase binder, CategoryService.CategoryServiceBase service) =>
        CategoryService.BindService(new WireCheckingBinder(binder), service);

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<GetCodingSchemeResponse> GetCodingScheme(GetCodingSchemeRequest request, ServerCallContext context) =>
        new() { Scheme = (await catalog.GetSchemeAsync(context.CancellationToken)).ToProto() };

    [RequiresRole(DomainRole.Admin)]
    public override async Task<SetCodingSchemeResponse> SetCodingScheme(SetCodingSchemeRequest request, ServerCallContext context) =>
        new() { Scheme = (await catalog.SetSchemeAsync(context.Actor(), request.LevelLengths, request.Version, context.CancellationToken)).ToProto() };

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<CreateCategoryResponse> CreateCategory(CreateCategoryRequest request, ServerCallContext context) =>
        new() { Category = (await catalog.CreateAsync(context.Actor(), request.Code, request.Name, context.CancellationToken)).ToProto() };

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<UpdateCategoryResponse> UpdateCategory(UpdateCategoryRequest request, ServerCallContext context) =>
        new() { Category = (await catalog.RenameAsync(context.Actor(), request.Code, request.Name, request.Version, context.CancellationToken)).ToProto() };

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<DeleteCategoryResponse> DeleteCategory(DeleteCategoryRequest request, ServerCallContext context)
    {
        await catalog.DeleteAsync(context.Actor(), request.Code, request.Version, context.CancellationToken);
        return new DeleteCategoryResponse();
    }

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<GetCategoryResponse> GetCategory(GetCategoryRequest request, ServerCallContext context) =>
        new() { Category = (await catalog.GetAsync(request.Code, context.CancellationToken)).ToProto() };

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<ListCategoriesResponse> ListCategories(ListCategoriesRequest request, ServerCallContext context)
    {
        var page = await catalog.ListAsync(request.RootCode, request.Depth.ToDomain(), Paging.Size(request.PageSize),
            tokens.After(context.Method, request.PageToken), context.CancellationToken);
        return new ListCategoriesResponse
        {
            Categories = { page.Items.Select(c => c.ToProto()) },
            NextPageToken = tokens.Token(context.Method, page.NextAfter),
        };
    }

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<CreateDimensionResponse> CreateDimension(CreateDimensionRequest request, ServerCallContext context) =>
        new()
        {
            Dimension = (await catalog.CreateDimensionAsync(context.Actor(), request.Code, request.Name, request.AllowedValues,
                context.CancellationToken)).ToProto(),
        };

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<ListDimensionsResponse> ListDimensions(ListDimensionsRequest request, ServerCallContext context)
    {
        var found = await catalog.ListDimensionsAsync(Paging.Size(request.PageSize), tokens.After(context.Method, request.PageToken), context.CancellationToken);
        var page = Paging.FitTo(new Page<Dimension>(found.Items.Select(d => d.ToProto()).ToList(), found.NextAfter),
            d => d.CalculateSize(), d => d.Code);
        return new ListDimensionsResponse
        {
            Dimensions = { page.Items },
            NextPageToken = tokens.Token(context.Method, page.NextAfter),
        };
    }

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<UpdateDimensionResponse> UpdateDimension(UpdateDimensionRequest request, ServerCallContext context) =>
        new()
        {
            Dimension = (await catalog.UpdateDimensionAsync(context.Actor(), request.Code, request.Name, request.AllowedValues,
                request.Version, context.CancellationToken)).ToProto(),
        };
}
