using MlNotebooks;
using MlNotebooks.Tracking;

// args: TRACKING_URI RUN_ID POINTS MODE(return|sigterm)
var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = args[0], ContentRoot = Path.GetTempPath(), Environment = _ => null });
var logger = new BufferedRunLogger(ws.TrackingStore, args[1]);
var points = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
for (var i = 0; i < points; i++) logger.LogMetric("loss", 1.0 / (i + 1), i);
if (args[3] == "sigterm")
{
    Console.WriteLine("ready");
    await Task.Delay(Timeout.Infinite);
}
Console.WriteLine("returning");
return 0; // no Dispose, no Flush: the ProcessExit hook must write the queue
