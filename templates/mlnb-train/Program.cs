// >>mlnb:header
// A training job. `mlnb export NOTEBOOK` writes this file from the notebook's cells; edit the notebook and export again.
// <<mlnb:header
using System.Text;
using MlNotebooks.Job;
using static MlNotebooks.Job.Notebook;
// >>mlnb:usings
// <<mlnb:usings

var job = JobContext.Start(args);
// >>mlnb:body
int epochs = job.Param("epochs", 5);

job.Step("train");
Track.Start("mlnb-app");
Track.Param("epochs", epochs);
var w = 0.0;
for (var step = 0; step < epochs; step++)
{
    w -= 0.1 * 2 * (w - 3.0);
    Track.Metric("loss", (w - 3.0) * (w - 3.0), step);
}
Track.End();
// <<mlnb:body
job.Finish();
// >>mlnb:types
// <<mlnb:types
