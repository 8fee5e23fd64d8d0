export function greet(audience: string): string {
  return `Hello, ${audience}! Every line of this app was read from pixels.`;
}
