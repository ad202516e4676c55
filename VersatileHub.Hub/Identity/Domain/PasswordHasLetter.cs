using Microsoft.AspNetCore.Identity;

namespace VersatileHub.Hub.Identity.Domain;

/// <summary>Passwords need a letter as well as the digit Identity's own options can require.</summary>
internal sealed class PasswordHasLetter : IPasswordValidator<HubUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<HubUser> manager, HubUser user, string? password) =>
        Task.FromResult(password is not null && password.Any(char.IsLetter)
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError { Code = "PasswordRequiresLetter", Description = "Passwords must have at least one letter." }));
}
