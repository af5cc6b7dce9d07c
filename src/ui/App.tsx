/** Page layout: header, data and search panels, status, live curves and results. */
import { useAppState } from './common/storeContext';
import { DatasetPanel } from './dataset/DatasetPanel';
import { SearchPanel } from './run/SearchPanel';
import { SpaceEditor } from './space/SpaceEditor';
import { StatusBar } from './run/StatusBar';
import { BackendInfo } from './run/BackendInfo';
import { LossChart } from './charts/LossChart';
import { HistoryChart } from './charts/HistoryChart';
import { Leaderboard } from './results/Leaderboard';
import { BestResult } from './results/BestResult';
import { SearchAnalysis } from './analysis/SearchAnalysis';
import { BestModelViews } from './analysis/BestModelViews';
import { TryIt } from './predict/TryIt';
import { BatchPredict } from './predict/BatchPredict';
import { SavedStudies } from './keep/SavedStudies';
import { SharedConfigBanner } from './keep/SharePanel';
import { AutostartPrompt } from './run/AutostartPrompt';

export function App() {
  const notices = useAppState((s) => s.notices);
  const presetId = useAppState((s) => s.settings.presetId);
  return (
    <div className="app">
      <header className="app-header">
        <h1>
          Sweeplab <span className="tagline">neural-network AutoML in your browser — your data never leaves this page</span>
        </h1>
      </header>
      {notices.length > 0 && (
        <div className="notices" role="alert">
          {notices.map((n) => (
            <p key={n}>{n}</p>
          ))}
        </div>
      )}
      <SharedConfigBanner />
      <AutostartPrompt />
      <main>
        <div className="setup">
          <DatasetPanel />
          <SearchPanel />
        </div>
        <SpaceEditor key={presetId} />
        <StatusBar />
        <BackendInfo />
        <BestResult />
        <LossChart />
        <HistoryChart />
        <Leaderboard />
        <SearchAnalysis />
        <BestModelViews />
        <TryIt />
        <BatchPredict />
        <SavedStudies />
      </main>
    </div>
  );
}
