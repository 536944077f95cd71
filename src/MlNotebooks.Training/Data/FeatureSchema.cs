using System.Text.Json.Serialization;

namespace MlNotebooks.Training.Data;

/// <summary>
/// One raw input column and how it becomes features: a number (missing values replaced by <see cref="Fill"/>, the
/// training median, plus a 0/1 indicator feature when the column had missing values), or a category (one 0/1
/// feature per training category and a last one for anything else: unseen at training time, or missing).
/// </summary>
/// <param name="Name">The column name (also the ONNX input name).</param>
/// <param name="Type"><c>number</c> or <c>category</c>.</param>
/// <param name="Categories">The known categories in feature order (categories only).</param>
/// <param name="MissingIndicator">Whether a 0/1 "was missing" feature follows the value (numbers only).</param>
/// <param name="Fill">The value a missing number is replaced with: the training rows' median (numbers only).</param>
public sealed record FeatureColumn(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("categories")] IReadOnlyList<string> Categories,
    [property: JsonPropertyName("missing_indicator")] bool MissingIndicator,
    [property: JsonPropertyName("fill")] float Fill)
{
    /// <summary>The type name of a numeric column.</summary>
    public const string Number = "number";

    /// <summary>The type name of a categorical (text) column.</summary>
    public const string Category = "category";

    /// <summary>The name of the feature that catches unseen and missing categories.</summary>
    public const string UnknownCategory = "<unknown>";

    /// <summary>Whether this is a categorical column.</summary>
    [JsonIgnore]
    public bool IsCategory => Type == Category;

    /// <summary>How many features the column becomes.</summary>
    [JsonIgnore]
    public int Width => IsCategory ? Categories.Count + 1 : MissingIndicator ? 2 : 1;

    /// <summary>The names of the features the column becomes.</summary>
    [JsonIgnore]
    public IEnumerable<string> FeatureNames => IsCategory
        ? [.. Categories.Select(c => $"{Name}={c}"), $"{Name}={UnknownCategory}"]
        : MissingIndicator ? [Name, Name + "_missing"] : [Name];
}

/// <summary>The raw columns a model takes, in order; their features are laid out one column after another.</summary>
/// <param name="Columns">The raw columns.</param>
public sealed record FeatureSchema([property: JsonPropertyName("columns")] IReadOnlyList<FeatureColumn> Columns)
{
    /// <summary>The number of features.</summary>
    [JsonIgnore]
    public int Width => Columns.Sum(c => c.Width);

    /// <summary>The feature names, in order.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> FeatureNames => [.. Columns.SelectMany(c => c.FeatureNames)];

    /// <summary>Whether <see cref="FeatureColumn.Fill"/> values come from training rows (see <see cref="TabularData.ImputeMissing"/>).</summary>
    [JsonIgnore]
    public bool Fitted { get; init; }
}
