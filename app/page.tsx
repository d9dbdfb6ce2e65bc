export default function Page() {
  return <p className="p-4 text-lg">Sluice</p>;
}
