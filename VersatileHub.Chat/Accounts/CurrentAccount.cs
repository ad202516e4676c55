namespace VersatileHub.Chat.Accounts;

/// <summary>
/// The account (the Hub's tenant) a request acts for, set once per request scope after authentication, or by an event
/// handler for the event's tenant. Until it is set, account-owned queries return nothing and saving such a row fails.
/// </summary>
public sealed class CurrentAccount
{
    public int? Id { get; private set; }

    public int RequiredId => Id ?? throw new InvalidOperationException("No account is set for this scope.");

    public void Set(int accountId)
    {
        if (Id is { } current && current != accountId)
        {
            throw new InvalidOperationException($"This scope already acts for account {current}.");
        }
        Id = accountId;
    }
}

/// <summary>
/// A row that belongs to one account. <see cref="Data.ChatDbContext"/> filters every query on such rows by the current
/// account and stamps new rows with it, so no handler can read or write across accounts by forgetting a <c>Where</c>.
/// </summary>
public interface IAccountOwned
{
    int AccountId { get; }
}
