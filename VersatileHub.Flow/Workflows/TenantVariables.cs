using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Flow.Data;
using VersatileHub.Flow.Expressions;

namespace VersatileHub.Flow.Workflows;

/// <summary>A variable as the API shows it: a secret's value is never shown.</summary>
public sealed record VariableView(string Name, bool Secret, string? Value, DateTimeOffset UpdatedAt)
{
    public static VariableView Of(TenantVariable variable) =>
        new(variable.Name, variable.Secret, variable.Secret ? null : variable.StoredValue, variable.UpdatedAt);
}

/// <summary>
/// The current tenant's variables (<c>$vars.Name</c> in expressions). A secret one is encrypted with Data Protection
/// (purpose <see cref="VariableSet.SecretPurpose"/>) before it is stored, and no method here returns it.
/// </summary>
public sealed partial class TenantVariables(FlowDbContext db, IDataProtectionProvider protection, TimeProvider time)
{
    public const int MaxValueLength = 16_384;
    public const int MaxVariables = 500;

    public async Task<List<VariableView>> ListAsync(CancellationToken cancellationToken) =>
        (await db.Set<TenantVariable>().AsNoTracking().OrderBy(v => v.Name).ToListAsync(cancellationToken)).ConvertAll(VariableView.Of);

    public async Task<VariableView?> FindAsync(string name, CancellationToken cancellationToken) =>
        await db.Set<TenantVariable>().AsNoTracking().FirstOrDefaultAsync(v => v.Name == name, cancellationToken) is { } variable
            ? VariableView.Of(variable)
            : null;

    /// <summary>Creates or replaces a variable; the bool says whether it is new.</summary>
    /// <exception cref="InvalidDefinitionException">The name or value cannot be stored.</exception>
    public async Task<(VariableView Variable, bool Created)> SetAsync(string name, string? value, bool secret, CancellationToken cancellationToken)
    {
        var errors = new List<DefinitionError>();
        if (!NamePattern().IsMatch(name))
        {
            errors.Add(new(null, "name",
                "El nombre empieza con una letra o _ y sigue con letras, números o _ (hasta 100), para leerlo como $vars.Nombre. / The name starts with a letter or _ followed by letters, digits or _ (up to 100), to be read as $vars.Name."));
        }
        if (value is null || value.Length > MaxValueLength)
        {
            errors.Add(new(null, "value", $"Mandá un valor de hasta {MaxValueLength} caracteres. / Send a value of up to {MaxValueLength} characters."));
        }
        if (errors.Count > 0)
        {
            throw new InvalidDefinitionException(errors);
        }

        var stored = secret ? protection.CreateProtector(VariableSet.SecretPurpose).Protect(value!) : value!;
        var now = time.GetUtcNow();
        var variable = await db.Set<TenantVariable>().FirstOrDefaultAsync(v => v.Name == name, cancellationToken);
        var created = variable is null;
        if (variable is null)
        {
            if (await db.Set<TenantVariable>().CountAsync(cancellationToken) >= MaxVariables)
            {
                throw InvalidDefinitionException.Of(null, "name", $"Una cuenta tiene hasta {MaxVariables} variables. / An account has at most {MaxVariables} variables.");
            }
            variable = TenantVariable.Create(name, stored, secret, now);
            db.Add(variable);
        }
        else
        {
            variable.Change(stored, secret, now);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            throw new WorkflowConflictException(null, "name", "Otra petición acaba de crear esa variable; volvé a intentar. / Another request just created that variable; try again.");
        }
        return (VariableView.Of(variable), created);
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) =>
        await db.Set<TenantVariable>().Where(v => v.Name == name).ExecuteDeleteAsync(cancellationToken) > 0;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,99}$")]
    private static partial Regex NamePattern();
}
