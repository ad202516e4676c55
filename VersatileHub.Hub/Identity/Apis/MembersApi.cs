using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using VersatileHub.Hub.Identity.Authentication;
using VersatileHub.Hub.Identity.Domain;
using VersatileHub.Hub.Tenancy;

namespace Microsoft.AspNetCore.Builder;

/// <param name="Password">Only for an email the Hub does not know yet: the new user's first password.</param>
internal sealed record AddMemberRequest(string? Email, string? Role, string? Password);

internal sealed record ChangeRoleRequest(string? Role);

internal static class MembersApi
{
    /// <summary>The current tenant's members at <c>/api/identity/members</c>: anyone reads, owners and admins change.</summary>
    public static IEndpointRouteBuilder MapMembersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/identity/members");
        api.MapGet("/", ListMembers).RequireAuthorization(HubPolicies.Read);
        api.MapPost("/", AddMember).RequireAuthorization(HubPolicies.Administer);
        api.MapPut("/{userId:int}", ChangeRole).RequireAuthorization(HubPolicies.Administer);
        api.MapDelete("/{userId:int}", RemoveMember).RequireAuthorization(HubPolicies.Administer);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<Member>>> ListMembers(TenantMembers members, CancellationToken cancellationToken) =>
        TypedResults.Ok(await members.ListAsync(cancellationToken));

    public static async Task<Results<Created<Member>, ValidationProblem, ProblemHttpResult>> AddMember(
        AddMemberRequest request, ClaimsPrincipal principal, TenantMembers members, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Email))
        {
            return Invalid("email", "An email is required.");
        }
        if (!MemberRoles.IsMemberRole(request.Role))
        {
            return InvalidRole();
        }

        var (change, member, rejected) = await members.AddAsync(
            HubCaller.Of(principal).Role!, request.Email.Trim(), request.Role!, request.Password, cancellationToken);
        if (rejected is not null)
        {
            return TypedResults.ValidationProblem(ByField(rejected));
        }
        return member is not null ? TypedResults.Created($"/api/identity/members/{member.UserId}", member) : Refused(change);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult, NotFound>> ChangeRole(
        int userId, ChangeRoleRequest request, ClaimsPrincipal principal, TenantMembers members, CancellationToken cancellationToken)
    {
        if (!MemberRoles.IsMemberRole(request.Role))
        {
            return InvalidRole();
        }
        return await members.ChangeRoleAsync(HubCaller.Of(principal).Role!, userId, request.Role!, cancellationToken) switch
        {
            MemberChange.Done => TypedResults.NoContent(),
            MemberChange.NotFound => TypedResults.NotFound(),
            var refused => Refused(refused),
        };
    }

    public static async Task<Results<NoContent, ProblemHttpResult, NotFound>> RemoveMember(
        int userId, ClaimsPrincipal principal, TenantMembers members, CancellationToken cancellationToken) =>
        await members.RemoveAsync(HubCaller.Of(principal).Role!, userId, cancellationToken) switch
        {
            MemberChange.Done => TypedResults.NoContent(),
            MemberChange.NotFound => TypedResults.NotFound(),
            var refused => Refused(refused),
        };

    private static ProblemHttpResult Refused(MemberChange change) => change switch
    {
        MemberChange.OwnersOnly => TypedResults.Problem("Only an owner may make, change or remove an owner.", statusCode: StatusCodes.Status403Forbidden),
        MemberChange.LastOwner => TypedResults.Problem("A tenant must keep at least one owner.", statusCode: StatusCodes.Status409Conflict),
        MemberChange.AlreadyMember => TypedResults.Problem("That user is a member already.", statusCode: StatusCodes.Status409Conflict),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, null),
    };

    private static ValidationProblem InvalidRole() => Invalid("role", $"The role must be one of: {string.Join(", ", HubRoles.All)}.");

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Identity's error codes name what they are about: PasswordTooShort, InvalidEmail, DuplicateUserName...</summary>
    private static Dictionary<string, string[]> ByField(IdentityResult result) => result.Errors
        .GroupBy(e => e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "email")
        .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
}
