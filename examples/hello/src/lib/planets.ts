export interface Planet {
  name: string;
  massEarths: number;
  moons: number;
}

export const planets = [
  { name: "Mercury", massEarths: 0.055, moons: 0 },
  { name: "Earth", massEarths: 1, moons: 1 },
  { name: "Jupiter", massEarths: 317.8, moons: 95 },
  { name: "Neptune", massEarths: 17.1, moons: 16 },
] satisfies Planet[];
