using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Tenancy;

namespace VersatileHub.Hub.Customers;

public sealed record CustomerUpdate(
    string Name, uint? Version, IReadOnlyList<string>? Phones = null, IReadOnlyList<string>? Emails = null,
    string? TaxId = null, IReadOnlyList<string>? Tags = null, string? Notes = null)
{
    internal CustomerInput Input => new(Name, Phones, Emails, TaxId, Tags, Notes);
}

internal static class CustomersApi
{
    public static IEndpointRouteBuilder MapCustomersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/customers").WithTags("Customers").RequireAuthorization(HubPolicies.Read).WithDomainErrors()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/", ListCustomers);
        api.MapGet("/{id:int}", GetCustomer);
        api.MapPost("/", CreateCustomer).RequireAuthorization(HubPolicies.Operate);
        api.MapPut("/{id:int}", UpdateCustomer).RequireAuthorization(HubPolicies.Operate);
        api.MapDelete("/{id:int}", DeleteCustomer).RequireAuthorization(HubPolicies.Operate);
        return app;
    }

    public static async Task<Ok<Page<CustomerView>>> ListCustomers(
        CustomerDirectory customers, [FromQuery(Name = "q")] string? search, int? page, int? pageSize, CancellationToken cancellationToken) =>
        TypedResults.Ok(await customers.ListAsync(search, page, pageSize, cancellationToken));

    public static async Task<Results<Ok<CustomerView>, NotFound>> GetCustomer(int id, CustomerDirectory customers, CancellationToken cancellationToken) =>
        await customers.GetAsync(id, cancellationToken) is { } customer ? TypedResults.Ok(customer) : TypedResults.NotFound();

    public static async Task<Created<CustomerView>> CreateCustomer(CustomerInput input, CustomerDirectory customers, CancellationToken cancellationToken)
    {
        var customer = await customers.CreateAsync(input, cancellationToken);
        return TypedResults.Created($"/api/customers/{customer.Id}", customer);
    }

    public static async Task<Results<Ok<CustomerView>, NotFound>> UpdateCustomer(
        int id, CustomerUpdate update, CustomerDirectory customers, CancellationToken cancellationToken) =>
        await customers.UpdateAsync(id, update.Input, update.Version, cancellationToken) is { } customer ? TypedResults.Ok(customer) : TypedResults.NotFound();

    public static async Task<Results<NoContent, NotFound>> DeleteCustomer(int id, CustomerDirectory customers, CancellationToken cancellationToken) =>
        await customers.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
}
