namespace MlNotebooks.Auth;

/// <summary>A token just issued: the only moment its secret exists outside the caller's hands.</summary>
/// <param name="User">Owner.</param>
/// <param name="Token">The stored record.</param>
/// <param name="Secret">The token to hand to the user (print it once; it cannot be shown again).</param>
public sealed record IssuedToken(AuthUser User, ApiToken Token, string Secret);
