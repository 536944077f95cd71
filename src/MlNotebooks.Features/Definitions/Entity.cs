namespace MlNotebooks.Features;

/// <summary>What features describe (Feast <c>Entity</c>): a name and the columns that identify one instance.</summary>
/// <param name="Name">The entity's name, referenced by feature views.</param>
/// <param name="JoinKeys">The key columns, present in the sources and in entity frames.</param>
/// <param name="Description">Free text.</param>
public sealed record Entity(string Name, IReadOnlyList<string> JoinKeys, string Description = "");
