using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Chat.Accounts;
using VersatileHub.ServiceDefaults.Events;

namespace VersatileHub.Chat.Data;

/// <summary>
/// The chatdb database, owned by this service alone. Rows that implement <see cref="IAccountOwned"/> are filtered by and
/// stamped with the current account (the Hub's tenant).
/// </summary>
public sealed class ChatDbContext(DbContextOptions<ChatDbContext> options, CurrentAccount account) : DbContext(options)
{
    internal const string AccountFilter = "Account";

    /// <summary>The account every query on account-owned rows is limited to; read by the query filters on each query.</summary>
    internal int? AccountId => account.Id;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("unaccent");
        modelBuilder.HasDbFunction(typeof(Desk.ChatDbFunctions).GetMethod(nameof(Desk.ChatDbFunctions.Unaccent))!)
            .HasName("vh_unaccent").HasSchema("public");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ChatDbContext).Assembly);
        modelBuilder.AddEventBusTables();

        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => typeof(IAccountOwned).IsAssignableFrom(e.ClrType)))
        {
            modelBuilder.Entity(entity.ClrType).HasQueryFilter(AccountFilter, OwnedByCurrentAccount(entity.ClrType));
            if (entity.FindPrimaryKey()?.Properties is not [{ Name: nameof(IAccountOwned.AccountId) }])
            {
                modelBuilder.Entity(entity.ClrType).HasIndex(nameof(IAccountOwned.AccountId));
            }
        }
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampAccount();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampAccount();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>New rows take the current account; a row of another account can be neither added nor changed.</summary>
    private void StampAccount()
    {
        foreach (var entry in ChangeTracker.Entries<IAccountOwned>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            var property = entry.Property(nameof(IAccountOwned.AccountId));
            if (entry.State == EntityState.Added && (int)property.CurrentValue! == 0)
            {
                property.CurrentValue = account.RequiredId;
            }
            else if ((int)property.CurrentValue! != account.RequiredId)
            {
                throw new InvalidOperationException(
                    $"A {entry.Metadata.ClrType.Name} of account {property.CurrentValue} cannot be saved while acting for account {account.Id}.");
            }
        }
    }

    private LambdaExpression OwnedByCurrentAccount(Type entityType)
    {
        // e => e.AccountId == this.AccountId, with this.AccountId read per query.
        var row = Expression.Parameter(entityType, "row");
        var rowAccount = Expression.Convert(Expression.Property(row, nameof(IAccountOwned.AccountId)), typeof(int?));
        var currentAccount = Expression.Property(Expression.Constant(this), nameof(AccountId));
        return Expression.Lambda(Expression.Equal(rowAccount, currentAccount), row);
    }
}
