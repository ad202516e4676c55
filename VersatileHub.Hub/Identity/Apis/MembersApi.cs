using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using VersatileHub.Hub.Api;
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
            return Invalid("email", new UserText("El correo electrónico es obligatorio.", "An email is required."));
        }
        if (!MemberRoles.IsMemberRole(request.Role))
        {
            return InvalidRole();
        }

        var (change, member, rejected) = await members.AddAsync(
            HubCaller.Of(principal).Role!, request.Email.Trim(), request.Role!, request.Password, cancellationToken);
        if (rejected is not null)
        {
            return Problems.Invalid(ByField(rejected));
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
        MemberChange.OwnersOnly => Problems.Refused(
            new UserText("Solo un dueño puede nombrar, cambiar o quitar a un dueño.", "Only an owner may make, change or remove an owner."), StatusCodes.Status403Forbidden),
        MemberChange.LastOwner => Problems.Refused(
            new UserText("El negocio debe conservar al menos un dueño.", "A tenant must keep at least one owner."), StatusCodes.Status409Conflict),
        MemberChange.AlreadyMember => Problems.Refused(
            new UserText("Ese usuario ya es miembro.", "That user is a member already."), StatusCodes.Status409Conflict),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, null),
    };

    private static ValidationProblem InvalidRole() => Problems.Invalid("role", MemberRoles.OneOf);

    private static ValidationProblem Invalid(string field, UserText text) => Problems.Invalid(field, text);

    /// <summary>Identity's error codes name what they are about: PasswordTooShort, InvalidEmail, DuplicateUserName...</summary>
    private static FieldErrors ByField(IdentityResult result)
    {
        var errors = new FieldErrors();
        foreach (var field in result.Errors.GroupBy(e => e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "email"))
        {
            errors[field.Key] = new UserText(
                string.Join(" ", field.Select(e => InSpanish(e.Code))), string.Join(" ", field.Select(e => e.Description)));
        }
        return errors;
    }

    /// <summary>Identity describes its errors in English only; the codes it can answer a new member with, in Spanish.</summary>
    private static string InSpanish(string code) => code switch
    {
        nameof(IdentityErrorDescriber.PasswordTooShort) => "La contraseña es demasiado corta.",
        nameof(IdentityErrorDescriber.PasswordRequiresDigit) => "La contraseña necesita al menos un dígito.",
        nameof(IdentityErrorDescriber.PasswordRequiresLower) => "La contraseña necesita al menos una minúscula.",
        nameof(IdentityErrorDescriber.PasswordRequiresUpper) => "La contraseña necesita al menos una mayúscula.",
        nameof(IdentityErrorDescriber.PasswordRequiresNonAlphanumeric) => "La contraseña necesita al menos un símbolo.",
        nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars) => "La contraseña necesita más caracteres distintos.",
        "PasswordRequiresLetter" => "La contraseña necesita al menos una letra.",
        nameof(IdentityErrorDescriber.InvalidEmail) or nameof(IdentityErrorDescriber.InvalidUserName) => "El correo electrónico no es válido.",
        nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName) => "Ese correo electrónico ya está en uso.",
        _ => "La identidad rechazó el valor.",
    };
}
