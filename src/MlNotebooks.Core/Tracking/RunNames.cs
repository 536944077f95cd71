namespace MlNotebooks.Tracking;

/// <summary>Generates memorable run names (<c>brave-otter-417</c>) as MLflow does when none is given.</summary>
public static class RunNames
{
    private static readonly string[] Adjectives =
        ["able", "bold", "brave", "bright", "calm", "clever", "crisp", "eager", "fair", "fast", "gentle", "glad", "keen", "kind", "lively",
         "lucid", "merry", "neat", "nimble", "proud", "quick", "quiet", "rare", "sharp", "shy", "steady", "sunny", "swift", "tidy", "warm", "wise", "witty"];

    private static readonly string[] Nouns =
        ["ant", "bass", "bear", "bee", "crane", "crow", "deer", "dove", "eel", "elk", "finch", "fox", "frog", "gull", "hare", "hawk", "heron",
         "ibis", "jay", "koi", "lark", "lynx", "mole", "moth", "newt", "owl", "otter", "panda", "seal", "swan", "trout", "wolf", "wren", "yak"];

    /// <summary>A new random name such as <c>brave-otter-417</c>.</summary>
    public static string Next() =>
        $"{Adjectives[Random.Shared.Next(Adjectives.Length)]}-{Nouns[Random.Shared.Next(Nouns.Length)]}-{Random.Shared.Next(100, 1000)}";
}
