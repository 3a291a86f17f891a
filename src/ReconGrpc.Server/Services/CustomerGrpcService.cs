using Grpc.Core;
using ReconGrpc.Application;
using ReconGrpc.Application.Archive;
using ReconGrpc.Application.Queries;
using ReconGrpc.Contracts.V1;
using ReconGrpc.Server.Auth;
using ReconGrpc.Server.Errors;
using ReconGrpc.Server.Mapping;
using DomainRole = ReconGrpc.Domain.Access.Role;

namespace ReconGrpc.Server.Services;

[BindServiceMethod(typeof(CustomerGrpcService), nameof(Bind))]
public sealed class CustomerGrpcService(CustomerArchive archive, DataQualityQuery dataQuality, ClassificationSuggestionsQuery suggestions, PageTokens tokens) : CustomerService.CustomerServiceBase
{
    /// <summary>Binds the RPCs so a request that is not a valid message is refused as INVALID_ARGUMENT.</summary>
    public static void Bind(ServiceBinderBase binder, CustomerService.CustomerServiceBase service) =>
        CustomerService.BindService(new WireCheckingBinder(binder), service);

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<CreateCustomerResponse> CreateCustomer(CreateCustomerRequest request, ServerCallContext context)
    {
        var saved = await archive.CreateAsync(context.Actor(), request.Fields.ToDomain(), request.Dimensions, context.CancellationToken);
        return new CreateCustomerResponse { Customer = saved.Customer.ToProto(context.Caller().Role), Warnings = { saved.Warnings.Select(w => w.ToProto()) } };
    }

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<UpdateCustomerResponse> UpdateCustomer(UpdateCustomerRequest request, ServerCallContext context)
    {
        var saved = await archive.UpdateAsync(context.Actor(), request.Id, request.Fields.ToDomain(), request.Version, context.CancellationToken);
        return new UpdateCustomerResponse { Customer = saved.Customer.ToProto(context.Caller().Role), Warnings = { saved.Warnings.Select(w => w.ToProto()) } };
    }

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<GetCustomerResponse> GetCustomer(GetCustomerRequest request, ServerCallContext context) =>
        new() { Customer = (await archive.GetAsync(request.Id, request.Code, context.CancellationToken)).ToProto(context.Caller().Role) };

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<DeleteCustomerResponse> DeleteCustomer(DeleteCustomerRequest request, ServerCallContext context)
    {
        await archive.DeleteAsync(context.Actor(), request.Id, request.Version, context.CancellationToken);
        return new DeleteCustomerResponse();
    }

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<SearchCustomersResponse> SearchCustomers(SearchCustomersRequest request, ServerCallContext context)
    {
        var found = await archive.SearchAsync(request.ToDomain(), Paging.Size(request.PageSize), tokens.After(context.Method, request.PageToken), context.CancellationToken);
        var role = context.Caller().Role;
        var page = Paging.FitTo(new Page<Customer>(found.Items.Select(c => c.ToProto(role)).ToList(), found.NextAfter),
            c => c.CalculateSize() + (found.Figures.TryGetValue(c.Fields.Code, out var f) ? f.ToProto().CalculateSize() : 0), c => c.Fields.Code);
        return new SearchCustomersResponse
        {
            Customers = { page.Items },
            NextPageToken = tokens.Token(context.Method, page.NextAfter),
            Figures = { page.Items.Where(c => found.Figures.ContainsKey(c.Fields.Code)).Select(c => found.Figures[c.Fields.Code].ToProto()) },
        };
    }

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<CheckDuplicatesResponse> CheckDuplicates(CheckDuplicatesRequest request, ServerCallContext context)
    {
        var verdict = await archive.CheckDuplicatesAsync(request.Code, request.Name, request.CreditCode,
            request.ExcludeId == 0 ? null : request.ExcludeId, context.CancellationToken);
        return new CheckDuplicatesResponse
        {
            Duplicate = verdict.IsDuplicate,
            DuplicateReason = verdict.Reason ?? "",
            Warnings = { verdict.Warnings.Select(w => w.ToProto()) },
        };
    }

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<RunDataQualityCheckResponse> RunDataQualityCheck(RunDataQualityCheckRequest request, ServerCallContext context)
    {
        var report = await dataQuality.RunAsync(context.CancellationToken);
        return new RunDataQualityCheckResponse
        {
            Findings = { report.Findings.Select(f => f.ToProto()) },
            CustomersChecked = report.CustomersChecked,
        };
    }

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<ReclassifyCustomerResponse> ReclassifyCustomer(ReclassifyCustomerRequest request, ServerCallContext context)
    {
        var effective = request.EffectiveDate.ToDomain("effective_date").Required("effective_date");
        var customer = await archive.ReclassifyAsync(context.Actor(), request.Id, request.CategoryCode, effective, request.Reason,
            request.Version, context.CancellationToken);
        return new ReclassifyCustomerResponse { Customer = customer.ToProto(context.Caller().Role) };
    }

    [RequiresRole(DomainRole.Accountant)]
    public override async Task<SetCustomerDimensionsResponse> SetCustomerDimensions(SetCustomerDimensionsRequest request, ServerCallContext context) =>
        new()
        {
            Customer = (await archive.SetDimensionsAsync(context.Actor(), request.Id, request.Dimensions, request.Version,
                context.CancellationToken)).ToProto(context.Caller().Role),
        };

    [RequiresRole(DomainRole.Viewer)]
    public override async Task<SuggestClassificationsResponse> SuggestClassifications(SuggestClassificationsRequest request, ServerCallContext context) =>
        (await suggestions.SuggestAsync(request.ToDomain(), context.CancellationToken)).ToProto();
}
