using System.Net;
using System.Text.Json;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub;

/// <summary>Every Hub listing pages the same way: <c>page</c> from 1, <c>pageSize</c> 1 to 100, one answer shape.</summary>
public sealed class ListingPagesTests(HubFactory hub) : IClassFixture<HubFactory>
{
    public static TheoryData<string> Listings => new() { "/api/customers", "/api/catalog/products", "/api/orders", "/api/tickets" };

    public static TheoryData<string, string, string> BadPages
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var listing in new[] { "/api/customers", "/api/catalog/products", "/api/orders", "/api/tickets" })
            {
                data.Add(listing, "page=0", "page");
                data.Add(listing, "pageSize=0", "pageSize");
                data.Add(listing, "pageSize=101", "pageSize");
                // (page - 1) * pageSize rows skipped would overflow an int.
                data.Add(listing, "page=21474838&pageSize=100", "page");
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Listings))]
    public async Task A_listing_answers_its_items_with_the_page_asked_for_and_the_total(string listing)
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(hub, "admin");

        var page = await (await admin.Client.GetAsync($"{listing}?page=3&pageSize=7")).ReadAsync<JsonElement>();

        Assert.Equal(JsonValueKind.Array, page.GetProperty("items").ValueKind);
        Assert.Equal((3, 7, 0), (page.GetProperty("pageNumber").GetInt32(), page.GetProperty("pageSize").GetInt32(), page.GetProperty("total").GetInt32()));
    }

    [Theory]
    [MemberData(nameof(BadPages))]
    public async Task A_bad_page_is_a_400_problem_naming_the_parameter(string listing, string query, string field)
    {
        var admin = await HubApi.CreateTenantWithMemberAsync(hub, "admin");

        var response = await admin.Client.GetAsync($"{listing}?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty(field, out _), $"No error for {field}.");
    }
}
